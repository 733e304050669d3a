package io.streamtune.training;

import io.streamtune.contracts.CheckpointCreated;

/** Tells the evaluator a checkpoint is complete: {@code CheckpointCreated} on {@code streamtune.checkpoints}. */
public interface CheckpointAnnouncer {

    /** Returns once the event is acknowledged. */
    void announce(CheckpointCreated event);

    CheckpointAnnouncer NONE = event -> {
    };
}
