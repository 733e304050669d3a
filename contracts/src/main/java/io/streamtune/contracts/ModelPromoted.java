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
        EvaluationMetrics metrics) implements Event {

    public enum Kind { PROMOTION, ROLLBACK }

    public ModelPromoted {
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
