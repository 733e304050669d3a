package io.streamtune.training;

import io.streamtune.contracts.CheckpointManifest;

/** Hooks for metrics and logs; the loop calls them on the training thread, so they must be quick. */
public interface TrainingListener {

    /** A step trained on {@code examples} new and {@code replayed} replayed examples. */
    default void onStep(String model, int examples, int replayed, double loss, long stepNanos) {
    }

    /** A batch taught nothing (non-finite loss). */
    default void onSkipped(String model, int examples) {
    }

    default void onRollback(String model) {
    }

    default void onDeadLetter(String model, String reason) {
    }

    /** {@code records} were not trained: their example ids were trained before (or earlier in the batch). */
    default void onDuplicates(String model, int records) {
    }

    /** {@code records} were not trained: their source is quarantined (kept on the quarantine topic). */
    default void onQuarantined(String model, int records) {
    }

    /** A quarantine took {@code items} of {@code source} out of the replay buffer. */
    default void onSourceRemoved(String model, String source, int items) {
    }

    default void onCheckpoint(String model, CheckpointManifest manifest, long writeNanos) {
    }

    /** Retention removed {@code checkpoints} the head had moved past (or partial uploads of failed attempts). */
    default void onCheckpointsDeleted(String model, int checkpoints) {
    }

    default void onCheckpointFailed(String model, Exception error) {
    }

    /** Another trainer took the model over: this loop's checkpoints stay invisible and it stops. */
    default void onFenced(String model, Exception reason) {
    }

    TrainingListener NONE = new TrainingListener() {
    };
}
