package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Announced on {@link Topics#CHECKPOINTS} (key = model) once a checkpoint's manifest is durable.
 *
 * @param artifactUri where the checkpoint lives, e.g. {@code s3://checkpoints/spam/<checkpointId>/}
 * @param offsets per partition of the model's train topic, the next offset to read after this checkpoint
 * @param maxEventTime the latest event time among the examples it was trained on
 * @param variant the variant whose lineage this checkpoint is ({@link Variant#PRIMARY} when written before variants)
 * @param family the variant's model family
 * @param cost what training the lineage cost up to this checkpoint
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointCreated(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String model,
        String checkpointId,
        String parentCheckpointId,
        String artifactUri,
        long step,
        long examplesSeen,
        Map<Integer, Long> offsets,
        Instant maxEventTime,
        double trainingLoss,
        ReplaySummary replay,
        String variant,
        ModelFamily family,
        TrainingCost cost) implements Event {

    /** The event of the primary variant, written as before variants existed. */
    public CheckpointCreated(String eventId, int schemaVersion, Instant occurredAt, String model, String checkpointId,
            String parentCheckpointId, String artifactUri, long step, long examplesSeen, Map<Integer, Long> offsets,
            Instant maxEventTime, double trainingLoss, ReplaySummary replay) {
        this(eventId, schemaVersion, occurredAt, model, checkpointId, parentCheckpointId, artifactUri, step,
                examplesSeen, offsets, maxEventTime, trainingLoss, replay, null, null, null);
    }

    public CheckpointCreated {
        variant = Variant.orPrimary(variant);
        family = ModelFamily.orDefault(family);
        cost = TrainingCost.orNone(cost);
        eventId = Event.eventIdOrNew(eventId);
        schemaVersion = Event.schemaVersionOrCurrent(schemaVersion);
        occurredAt = Event.nowIfNull(occurredAt);
        offsets = offsets == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(offsets));
        List<Violation> v = new ArrayList<>();
        Rules.modelName("model", model, v);
        Rules.id("checkpointId", checkpointId, v);
        if (parentCheckpointId != null) {
            Rules.id("parentCheckpointId", parentCheckpointId, v);
        }
        Rules.required("artifactUri", artifactUri, v);
        Rules.range("step", step, 0, Long.MAX_VALUE, v);
        Rules.range("examplesSeen", examplesSeen, 0, Long.MAX_VALUE, v);
        ContractViolationException.throwIfAny(v);
    }
}
