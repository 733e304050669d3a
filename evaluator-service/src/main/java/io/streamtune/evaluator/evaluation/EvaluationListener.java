package io.streamtune.evaluator.evaluation;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import java.time.Duration;

/** Hooks into an evaluation's steps (progress reporting, metrics); every method does nothing by default. */
public interface EvaluationListener {

    EvaluationListener NONE = new EvaluationListener() {
    };

    /** The snapshot this evaluation scores is frozen and durable; scoring starts. */
    default void onSnapshotFrozen(CheckpointCreated checkpoint, HeldoutSnapshot snapshot) {
    }

    /** The evaluation's outcome, before it is published; {@code scoring} is the time spent scoring both models. */
    default void onEvaluated(CheckpointEvaluated result, Duration scoring) {
    }

    /** Scoring stopped on an error that the caller may retry (S3 unreachable, champion unavailable). */
    default void onAborted(CheckpointCreated checkpoint, RuntimeException error) {
    }
}
