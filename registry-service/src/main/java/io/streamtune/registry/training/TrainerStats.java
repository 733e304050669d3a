package io.streamtune.registry.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.ReplaySummary;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A model's training as of its latest checkpoint: as fresh as that checkpoint (the trainer checkpoints every few
 * seconds to 30 s), never polled from a trainer replica.
 *
 * @param examplesPerSecond examples trained between the previous checkpoint and this one, per second of wall time
 *     between their announcements; null until two checkpoints of one lineage are seen
 * @param lag records of the model's train topic not yet in a checkpoint: end offsets minus the checkpoint's offsets,
 *     summed over partitions; null when the end offsets could not be read
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainerStats(String model, String checkpointId, Instant checkpointAt, long step, long examplesSeen,
        double trainingLoss, Double examplesPerSecond, Long lag, Instant maxEventTime, ReplaySummary replay) {

    /**
     * @param previous the checkpoint seen before {@code latest}, or null
     * @param endOffsets per partition, the next offset the train topic will write; null when unknown
     */
    public static TrainerStats of(CheckpointCreated latest, CheckpointCreated previous, Map<Integer, Long> endOffsets) {
        return new TrainerStats(latest.model(), latest.checkpointId(), latest.occurredAt(), latest.step(),
                latest.examplesSeen(), latest.trainingLoss(), rate(latest, previous), lag(latest, endOffsets),
                latest.maxEventTime(), latest.replay());
    }

    static Double rate(CheckpointCreated latest, CheckpointCreated previous) {
        if (previous == null || latest.examplesSeen() < previous.examplesSeen()) {
            return null; // none yet, or another lineage (a reset model)
        }
        double seconds = Duration.between(previous.occurredAt(), latest.occurredAt()).toMillis() / 1000.0;
        return seconds <= 0 ? null : (latest.examplesSeen() - previous.examplesSeen()) / seconds;
    }

    /** A partition the checkpoint has no offset for has not been read at all: all of it is lag. */
    static Long lag(CheckpointCreated latest, Map<Integer, Long> endOffsets) {
        if (endOffsets == null) {
            return null;
        }
        long lag = 0;
        for (Map.Entry<Integer, Long> end : endOffsets.entrySet()) {
            lag += Math.max(0, end.getValue() - latest.offsets().getOrDefault(end.getKey(), 0L));
        }
        return lag;
    }
}
