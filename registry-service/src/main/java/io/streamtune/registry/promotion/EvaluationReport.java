package io.streamtune.registry.promotion;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.PromotionPolicy;
import java.util.List;

/**
 * A version's {@code evaluation.json}: the evaluation that promoted it, the policy and every gate's result. Its
 * {@code evaluation.eventId} tells a re-delivery of that evaluation (finish the promotion) from another evaluation
 * of the same checkpoint (already a version). Nothing in it depends on who wrote it or when, so two instances racing
 * on the same evaluation write the same bytes.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluationReport(int schemaVersion, String model, String checkpointId, CheckpointEvaluated evaluation,
        PromotionPolicy policy, List<GateResult> gates) {

    public static EvaluationReport of(CheckpointEvaluated e, PromotionPolicy policy, Verdict verdict) {
        return new EvaluationReport(1, e.model(), e.checkpointId(), e, policy, verdict.results());
    }
}
