package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code checkpoints/<model>/head.json}: which trainer owns a model's checkpoints and which checkpoint is its newest
 * visible one. A checkpoint becomes visible only when the head moves to it, by compare-and-swap; a trainer taking a
 * model over (a pool rebalance, a restart) claims the head first, one generation on, so a trainer that lost the model
 * (a zombie after a long pause or a partition) can no longer move it: its checkpoints stay invisible and the model's
 * lineage stays single.
 *
 * @param generation fencing token: every claim writes the previous generation + 1; a move keeps it
 * @param owner the trainer instance that holds this generation
 * @param checkpointId the newest visible checkpoint; null until the model's first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckpointHead(
        int schemaVersion,
        String model,
        long generation,
        String owner,
        String checkpointId,
        Instant updatedAt) {

    public static final String FILE_NAME = "head.json";

    public CheckpointHead {
        schemaVersion = Event.schemaVersionOrCurrent(schemaVersion);
        updatedAt = Event.nowIfNull(updatedAt);
        List<Violation> v = new ArrayList<>();
        Rules.lineage("model", model, v);
        Rules.range("generation", generation, 1, Long.MAX_VALUE, v);
        Rules.id("owner", owner, v);
        if (checkpointId != null) {
            Rules.id("checkpointId", checkpointId, v);
        }
        ContractViolationException.throwIfAny(v);
    }

    /** A claim by {@code by}: the next generation, the same newest checkpoint. */
    public CheckpointHead claimedBy(String by) {
        return new CheckpointHead(0, model, generation + 1, by, checkpointId, null);
    }

    /** The same owner and generation, moved to {@code newCheckpointId}. */
    public CheckpointHead movedTo(String newCheckpointId) {
        return new CheckpointHead(0, model, generation, owner, newCheckpointId, null);
    }
}
