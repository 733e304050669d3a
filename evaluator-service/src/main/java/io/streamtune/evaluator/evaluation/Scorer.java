package io.streamtune.evaluator.evaluation;

import java.nio.file.Path;

/** Loads a model from a checkpoint (or model version) folder for inference. */
public interface Scorer {

    /**
     * @param model the model the checkpoint belongs to (caches are kept per model)
     * @param dir a folder holding a checkpoint's files, already verified against its manifest
     * @throws UnusableCheckpointException when the files do not make a model this scorer can run
     */
    ScoringModel load(String model, Path dir);
}
