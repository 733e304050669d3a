package io.streamtune.training.linear;

import io.streamtune.contracts.LinearSettings;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.training.Learner;
import io.streamtune.training.LearnerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Makes the transformer family's learners: those of the factory it wraps, with a linear half ({@link BlendedLearner})
 * where the settings give it a weight ({@link TrainingSettings#linearWeight()} above 0).
 *
 * <p>A checkpoint restores as it was written, the linear half's settings included, at the settings' weight: one
 * without a linear half gets a fresh one when the settings now ask for it (it learns from the next step on), and one
 * with a linear half loses it when they no longer do.
 */
public final class BlendedLearnerFactory implements LearnerFactory {

    private static final Logger LOG = Logger.getLogger(BlendedLearnerFactory.class);

    private final LearnerFactory transformer;
    private final LinearSettings linear;

    /** @param linear the linear half's settings (the variant's {@code linear}) */
    public BlendedLearnerFactory(LearnerFactory transformer, LinearSettings linear) {
        this.transformer = transformer;
        this.linear = linear;
    }

    @Override
    public Learner create(ModelSpec spec, TrainingSettings settings, List<String> labels) throws IOException {
        Learner deep = transformer.create(spec, settings, labels);
        return settings.hasLinearHalf() ? blend(deep, LinearLearner.create(linear, labels), settings) : deep;
    }

    @Override
    public Learner restore(ModelSpec spec, TrainingSettings settings, Path dir) throws IOException {
        Learner deep = transformer.restore(spec, settings, dir);
        if (!settings.hasLinearHalf()) {
            return deep;
        }
        try {
            LinearLearner half;
            if (Files.isRegularFile(dir.resolve(LinearHalf.FILE))) {
                half = LinearLearner.restore(dir.resolve(LinearHalf.FOLDER));
            } else {
                LOG.infof("%s holds no linear half: a fresh one learns from the next step on", dir);
                half = LinearLearner.create(linear, deep.labels());
            }
            return blend(deep, half, settings);
        } catch (IOException | RuntimeException e) {
            deep.close();
            throw e;
        }
    }

    private static Learner blend(Learner deep, LinearLearner half, TrainingSettings settings) {
        return new BlendedLearner(deep, half, settings.linearWeight());
    }
}
