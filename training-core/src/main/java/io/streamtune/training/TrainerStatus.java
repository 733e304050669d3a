package io.streamtune.training;

import io.streamtune.contracts.ReplaySummary;
import java.time.Instant;
import java.util.Map;

/**
 * A model loop as the outside sees it (REST, health, metrics, benchmarks).
 *
 * @param lag records in the train topic not yet taken by the loop (end offsets minus positions)
 * @param stepNanos time spent in learner steps, cumulative
 * @param checkpointNanos time spent writing checkpoints (files, upload, announcement), cumulative
 * @param owner the trainer instance holding the model's checkpoint head, null before the claim
 * @param generation the head's generation this loop holds (raised at each hand-over), 0 before the claim
 * @param duplicates records not trained because their example id had been trained already
 * @param variant the variant this loop trains ({@code default}: the model's own settings); a model with
 *     challengers has one status per variant, all under the model's name
 * @param family its model family
 * @param cost CPU seconds spent in its steps over the examples it trained, its checkpoints' included
 * @param memoryBytes the variant's estimated memory beyond the shared encoder ({@link
 *     io.streamtune.contracts.VariantMemory})
 */
public record TrainerStatus(String model, State state, String learner, long step, long examplesSeen,
        long skippedBatches, long rollbacks, long deadLettered, double lastLoss, String lastCheckpointId,
        Instant lastCheckpointAt, double secondsSinceCheckpoint, Map<Integer, Long> positions, long lag,
        ReplaySummary replay, long stepNanos, long checkpointNanos, long checkpoints, String lastError, String owner,
        long generation, long duplicates, String variant, io.streamtune.contracts.ModelFamily family,
        io.streamtune.contracts.TrainingCost cost, long memoryBytes) {

    /** A status without the variant's figures (tests, a model not open yet). */
    public TrainerStatus(String model, State state, String learner, long step, long examplesSeen,
            long skippedBatches, long rollbacks, long deadLettered, double lastLoss, String lastCheckpointId,
            Instant lastCheckpointAt, double secondsSinceCheckpoint, Map<Integer, Long> positions, long lag,
            ReplaySummary replay, long stepNanos, long checkpointNanos, long checkpoints, String lastError,
            String owner, long generation, long duplicates) {
        this(model, state, learner, step, examplesSeen, skippedBatches, rollbacks, deadLettered, lastLoss,
                lastCheckpointId, lastCheckpointAt, secondsSinceCheckpoint, positions, lag, replay, stepNanos,
                checkpointNanos, checkpoints, lastError, owner, generation, duplicates, null, null, null, 0);
    }

    public enum State {
        /** No spec for the model on {@code streamtune.models} yet. */
        WAITING_FOR_SPEC,
        /** Restoring the latest checkpoint or loading the pretrained base. */
        LOADING,
        RUNNING,
        /** Stopped after an error it cannot get past (see lastError). */
        FAILED,
        /**
         * Stopped because another trainer took the model over (a newer generation of its checkpoint head): nothing it
         * wrote since became visible or was announced.
         */
        FENCED,
        STOPPED
    }

    public static TrainerStatus of(String model, State state, String error) {
        return new TrainerStatus(model, state, null, 0, 0, 0, 0, 0, Double.NaN, null, null, Double.NaN, Map.of(), 0,
                null, 0, 0, 0, error, null, 0, 0);
    }
}
