package io.streamtune.evaluator.evaluation;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Background work that gives way to checkpoint evaluations: registered as an {@link EvaluationListener}, it knows
 * which evaluations are scoring now, from their snapshot frozen to their outcome (or abort).
 */
public abstract class YieldsToEvaluations implements EvaluationListener {

    private final Set<String> evaluating = ConcurrentHashMap.newKeySet();

    /** Whether a checkpoint is being scored now. */
    protected final boolean evaluationRunning() {
        return !evaluating.isEmpty();
    }

    @Override
    public void onSnapshotFrozen(CheckpointCreated checkpoint, HeldoutSnapshot snapshot) {
        evaluating.add(checkpoint.model() + "/" + checkpoint.checkpointId());
    }

    @Override
    public void onEvaluated(CheckpointEvaluated result, Duration scoring) {
        evaluating.remove(result.model() + "/" + result.checkpointId());
    }

    @Override
    public void onAborted(CheckpointCreated checkpoint, RuntimeException error) {
        evaluating.remove(checkpoint.model() + "/" + checkpoint.checkpointId());
    }
}
