package io.streamtune.registry.promotion;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.MonitoringReport;
import java.time.Instant;
import java.util.List;

/**
 * One entry of a model's promotion log, stored as its own object in S3 ({@code <model>/decisions/<id>.json}): a
 * promotion or rejection for an evaluation, or an admin's rollback. Never rewritten once stored.
 *
 * @param id sortable by time: the evaluation's (or rollback's) epoch millis, then its event id
 * @param failedGates every gate a rejection failed; empty for a promotion
 * @param version the version promoted or rolled back to; null for a rejection
 * @param generation the champion pointer's generation after the move; null for a rejection
 * @param monitoring for an automatic rollback, the monitoring report it acted on ({@code candidate} then holds the
 *     restored version's scores on the report's window, {@code champion} the demoted champion's); null otherwise
 * @param variant the evaluated checkpoint's variant (null for a rollback), so decisions show variants side by side
 * @param family its model family
 * @param cost what training its lineage cost up to the checkpoint, beside its score
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(
        int schemaVersion,
        String id,
        String model,
        Kind kind,
        Outcome outcome,
        String checkpointId,
        String parentCheckpointId,
        String evaluationEventId,
        CheckpointEvaluated.Status evaluationStatus,
        String heldoutSnapshotId,
        Instant evaluatedAt,
        Instant decidedAt,
        List<GateResult> gates,
        List<Gate> failedGates,
        String reason,
        Integer version,
        Integer previousVersion,
        Long generation,
        EvaluationMetrics candidate,
        EvaluationMetrics champion,
        String championCheckpointId,
        Integer evaluatedCount,
        String decidedBy,
        Monitoring monitoring,
        String variant,
        io.streamtune.contracts.ModelFamily family,
        io.streamtune.contracts.TrainingCost cost) {

    /**
     * The evidence of an automatic rollback: both versions' macro-F1 on the same window of newly arrived held-out
     * examples, the policy's limits, and the held-out records the window covered.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Monitoring(String reportEventId, int championVersion, int previousVersion, double championMacroF1,
            double previousMacroF1, double tolerance, int minExamples, int windowSize, int count,
            List<MonitoringReport.OffsetRange> offsets) {
    }

    public enum Kind { EVALUATION, ROLLBACK }

    public enum Outcome { PROMOTED, REJECTED, ROLLED_BACK }

    public Decision {
        schemaVersion = schemaVersion <= 0 ? 1 : schemaVersion;
        gates = gates == null ? List.of() : List.copyOf(gates);
        failedGates = failedGates == null ? List.of() : List.copyOf(failedGates);
    }

    /** The decision on an evaluation; {@code version}/{@code previous}/{@code generation} only when promoted. */
    public static Decision of(String id, CheckpointEvaluated e, Verdict verdict, Integer version, Integer previous,
            Long generation, String by) {
        Outcome outcome = verdict.promoted() ? Outcome.PROMOTED : Outcome.REJECTED;
        return new Decision(1, id, e.model(), Kind.EVALUATION, outcome, e.checkpointId(), e.parentCheckpointId(),
                e.eventId(), e.status(), e.heldoutSnapshotId(), e.occurredAt(), Instant.now(), verdict.results(),
                verdict.failed().stream().map(GateResult::gate).toList(), verdict.reason(), version, previous,
                generation, e.candidate(), e.champion(), e.championCheckpointId(), e.evaluatedCount(), by, null,
                e.variant(), e.family(), e.cost());
    }

    /**
     * A rollback: an admin's ({@code evidence} null, {@code metrics} the restored version's evaluation) or an
     * automatic one (the window's scores of both versions and the report's evidence).
     */
    public static Decision rollback(String id, String model, String checkpointId, int version, int previous,
            long generation, String reason, EvaluationMetrics metrics, EvaluationMetrics demoted, String by,
            Monitoring evidence) {
        return new Decision(1, id, model, Kind.ROLLBACK, Outcome.ROLLED_BACK, checkpointId, null, null,
                null, null, null, Instant.now(), List.of(), List.of(), reason, version, previous, generation, metrics,
                demoted, null, null, by, evidence, null, null, null);
    }
}
