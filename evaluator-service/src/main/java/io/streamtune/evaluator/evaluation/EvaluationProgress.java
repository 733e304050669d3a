package io.streamtune.evaluator.evaluation;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The evaluation being scored right now, if any (for the status endpoint). */
public final class EvaluationProgress implements EvaluationListener {

    /** What is being scored, on which snapshot, since when. */
    public record InProgress(String model, String checkpointId, String heldoutSnapshotId, int examples,
            Instant startedAt) {
    }

    private final AtomicReference<InProgress> current = new AtomicReference<>();

    public Optional<InProgress> current() {
        return Optional.ofNullable(current.get());
    }

    @Override
    public void onSnapshotFrozen(CheckpointCreated checkpoint, HeldoutSnapshot snapshot) {
        current.set(new InProgress(checkpoint.model(), checkpoint.checkpointId(), snapshot.id(), snapshot.size(),
                Instant.now()));
    }

    @Override
    public void onEvaluated(CheckpointEvaluated result, Duration scoring) {
        current.set(null);
    }

    @Override
    public void onAborted(CheckpointCreated checkpoint, RuntimeException error) {
        current.set(null);
    }
}
