package io.streamtune.evaluator.evaluation;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import java.time.Duration;
import java.util.List;

/** Several listeners as one, called in order. */
public record Listeners(List<EvaluationListener> all) implements EvaluationListener {

    public static EvaluationListener of(EvaluationListener... listeners) {
        return new Listeners(List.of(listeners));
    }

    @Override
    public void onSnapshotFrozen(CheckpointCreated checkpoint, HeldoutSnapshot snapshot) {
        all.forEach(l -> l.onSnapshotFrozen(checkpoint, snapshot));
    }

    @Override
    public void onEvaluated(CheckpointEvaluated result, Duration scoring) {
        all.forEach(l -> l.onEvaluated(result, scoring));
    }

    @Override
    public void onAborted(CheckpointCreated checkpoint, RuntimeException error) {
        all.forEach(l -> l.onAborted(checkpoint, error));
    }
}
