package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Published on {@link Topics#PROMOTIONS} (key = model) once the champion pointer names {@link #version()}.
 *
 * @param kind a promotion by the gates, or an admin's rollback to an earlier version
 * @param generation the champion pointer's fencing generation after the move
 * @param variant the variant of the checkpoint now champion
 * @param family its model family
 * @param cost what training its lineage cost up to that checkpoint
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelPromoted(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String model,
        int version,
        String checkpointId,
        Integer previousVersion,
        Kind kind,
        String reason,
        long generation,
        EvaluationMetrics metrics,
        String variant,
        ModelFamily family,
        TrainingCost cost) implements Event {

    public enum Kind { PROMOTION, ROLLBACK }

    /** The event of the primary variant, written as before variants existed. */
    public ModelPromoted(String eventId, int schemaVersion, Instant occurredAt, String model, int version,
            String checkpointId, Integer previousVersion, Kind kind, String reason, long generation,
            EvaluationMetrics metrics) {
        this(eventId, schemaVersion, occurredAt, model, version, checkpointId, previousVersion, kind, reason,
                generation, metrics, null, null, null);
    }

    public ModelPromoted {
        variant = Variant.orPrimary(variant);
        family = ModelFamily.orDefault(family);
        cost = TrainingCost.orNone(cost);
        eventId = Event.eventIdOrNew(eventId);
        schemaVersion = Event.schemaVersionOrCurrent(schemaVersion);
        occurredAt = Event.nowIfNull(occurredAt);
        kind = kind == null ? Kind.PROMOTION : kind;
        List<Violation> v = new ArrayList<>();
        Rules.modelName("model", model, v);
        Rules.range("version", version, 1, Integer.MAX_VALUE, v);
        Rules.id("checkpointId", checkpointId, v);
        ContractViolationException.throwIfAny(v);
    }
}
