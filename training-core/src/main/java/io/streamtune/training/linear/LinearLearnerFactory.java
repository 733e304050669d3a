package io.streamtune.training.linear;

import io.streamtune.contracts.LinearSettings;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.training.Learner;
import io.streamtune.training.LearnerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes {@link LinearLearner}s. The spec's base model and the training settings' learning rates, fine-tune mode and
 * tokenizer belong to the transformer family and are not read: the linear family's settings are its
 * {@link LinearSettings}. The loop's settings (batch size, replay, label balancing) apply as to any learner.
 */
public final class LinearLearnerFactory implements LearnerFactory {

    private final LinearSettings config;

    /** With the defaults the quality report chose. */
    public LinearLearnerFactory() {
        this(LinearSettings.defaults());
    }

    public LinearLearnerFactory(LinearSettings config) {
        this.config = config;
    }

    @Override
    public Learner create(ModelSpec spec, TrainingSettings settings, List<String> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a new model needs at least one label.");
        }
        return LinearLearner.create(config, labels);
    }

    /**
     * The learner a checkpoint holds, with the settings it was trained with (its bucket count must be, and the
     * learning rate and L2 are kept so that a resumed model continues exactly), whatever this factory's config.
     */
    @Override
    public Learner restore(ModelSpec spec, TrainingSettings settings, Path dir) throws IOException {
        return LinearLearner.restore(dir);
    }
}
