package io.streamtune.e2e.report;

import io.streamtune.contracts.LinearSettings;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.training.Learner;
import io.streamtune.training.LearnerFactory;
import io.streamtune.training.TrainerOptions;
import io.streamtune.training.djl.ClassifierLearnerFactory;
import io.streamtune.training.linear.BlendedLearnerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The trainer's own learner factory, its learners reading the frozen prefix's output from a shared cache; {@link #of}
 * adds the linear half as the trainer does.
 */
final class CachingLearnerFactory implements LearnerFactory {

    private final ClassifierLearnerFactory learners;
    private final Map<String, byte[]> prefixes;

    CachingLearnerFactory(TrainerOptions options, Map<String, byte[]> prefixes) {
        this.learners = new ClassifierLearnerFactory(options);
        this.prefixes = prefixes;
    }

    /** The learners the trainer makes for the transformer family ({@link BlendedLearnerFactory}), on the cache. */
    static LearnerFactory of(TrainerOptions options, Map<String, byte[]> prefixes, LinearSettings linear) {
        return new BlendedLearnerFactory(new CachingLearnerFactory(options, prefixes), linear);
    }

    @Override
    public Learner create(ModelSpec spec, TrainingSettings settings, List<String> labels) throws IOException {
        return new CachedPrefixLearner(learners.create(spec, settings, labels), prefixes);
    }

    @Override
    public Learner restore(ModelSpec spec, TrainingSettings settings, Path dir) throws IOException {
        return new CachedPrefixLearner(learners.restore(spec, settings, dir), prefixes);
    }
}
