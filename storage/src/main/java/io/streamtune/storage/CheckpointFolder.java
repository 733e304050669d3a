package io.streamtune.storage;

import java.time.Instant;

/**
 * A folder {@code <model>/<checkpointId>/} of the checkpoints bucket: a complete checkpoint (its manifest is there) or
 * what an attempt left without one (an upload under way, or the partial upload of a failed or crashed one).
 *
 * @param lastWritten when its newest object was written (the server's clock)
 */
public record CheckpointFolder(String checkpointId, boolean complete, Instant lastWritten) {
}
