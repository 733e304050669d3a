package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Published on {@link Topics#EVALUATIONS} (key = model): a checkpoint and the current champion scored on the same
 * frozen held-out snapshot.
 *
 * @param status {@code EVALUATED}, {@code INSUFFICIENT_DATA} (fewer held-out examples than the spec's minimum, the
 *     counts in {@code reason}) or {@code FAILED} (the checkpoint could not be loaded or scored, why in
 *     {@code reason})
 * @param candidate the checkpoint's metrics; null unless evaluated
 * @param champion the champion's metrics on the same snapshot; null when there is no champion yet
 * @param variant the evaluated checkpoint's variant
 * @param family its model family
 * @param cost what training its lineage cost up to it (copied from {@link CheckpointCreated})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointEvaluated(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String model,
        String checkpointId,
        String parentCheckpointId,
        String heldoutSnapshotId,
        Status status,
        String reason,
        EvaluationMetrics candidate,
        EvaluationMetrics champion,
        String championCheckpointId,
        Integer championVersion,
        int evaluatedCount,
        String forgettingDefinition,
        String variant,
        ModelFamily family,
        TrainingCost cost) implements Event {

    public static final String FORGETTING_DEFINITION = "forgetting(slice) = max over earlier evaluated checkpoints "
            + "of this model of accuracy(slice) - accuracy(slice) of this checkpoint (Chaudhry et al., 2018); "
            + "positive = forgotten";

    public enum Status { EVALUATED, INSUFFICIENT_DATA, FAILED }

    /** The event of the primary variant, written as before variants existed. */
    public CheckpointEvaluated(String eventId, int schemaVersion, Instant occurredAt, String model,
            String checkpointId, String parentCheckpointId, String heldoutSnapshotId, Status status, String reason,
            EvaluationMetrics candidate, EvaluationMetrics champion, String championCheckpointId,
            Integer championVersion, int evaluatedCount, String forgettingDefinition) {
        this(eventId, schemaVersion, occurredAt, model, checkpointId, parentCheckpointId, heldoutSnapshotId, status,
                reason, candidate, champion, championCheckpointId, championVersion, evaluatedCount,
                forgettingDefinition, null, null, null);
    }

    public CheckpointEvaluated {
        variant = Variant.orPrimary(variant);
        family = ModelFamily.orDefault(family);
        cost = TrainingCost.orNone(cost);
        eventId = Event.eventIdOrNew(eventId);
        schemaVersion = Event.schemaVersionOrCurrent(schemaVersion);
        occurredAt = Event.nowIfNull(occurredAt);
        forgettingDefinition = forgettingDefinition == null ? FORGETTING_DEFINITION : forgettingDefinition;
        List<Violation> v = new ArrayList<>();
        Rules.modelName("model", model, v);
        Rules.id("checkpointId", checkpointId, v);
        Rules.required("status", status, v);
        if (status == Status.EVALUATED) {
            Rules.required("candidate", candidate, v);
            Rules.id("heldoutSnapshotId", heldoutSnapshotId, v);
        } else if (status != null && (reason == null || reason.isBlank())) {
            v.add(new Violation("reason", "is required when status is " + status));
        }
        ContractViolationException.throwIfAny(v);
    }
}
