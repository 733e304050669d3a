package io.streamtune.training;

import java.time.Duration;

/**
 * Which checkpoints of a model stay in the store once its head moved on ({@link CheckpointRetention}).
 *
 * @param keepLast checkpoints kept on the head's lineage, the head included; 0 keeps every checkpoint (no retention)
 * @param grace nothing written more recently than this is removed: the evaluator and the registry may still be reading
 *     a checkpoint the head just moved past, and a folder without a manifest may be an upload under way
 */
public record RetentionPolicy(int keepLast, Duration grace) {

    public RetentionPolicy {
        if (keepLast < 0) {
            throw new IllegalArgumentException("streamtune.trainer.retention.keep-last must be >= 0 (0 keeps every "
                    + "checkpoint), got " + keepLast + ".");
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("streamtune.trainer.retention.grace must be a duration >= 0, got "
                    + grace + ".");
        }
    }

    /** The last 5 on the lineage, and anything younger than an hour. */
    public static RetentionPolicy defaults() {
        return new RetentionPolicy(5, Duration.ofHours(1));
    }

    public boolean enabled() {
        return keepLast > 0;
    }
}
