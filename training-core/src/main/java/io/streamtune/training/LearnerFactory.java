package io.streamtune.training;

import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Makes learners: from the pretrained base for a new model, or from the files a learner saved. */
public interface LearnerFactory {

    /** A learner on the pretrained base, with a fresh head for {@code labels} (non-empty). */
    Learner create(ModelSpec spec, TrainingSettings settings, List<String> labels) throws IOException;

    /** A learner from {@link Learner#save(Path)}'s files, optimizer state included. */
    Learner restore(ModelSpec spec, TrainingSettings settings, Path dir) throws IOException;
}
