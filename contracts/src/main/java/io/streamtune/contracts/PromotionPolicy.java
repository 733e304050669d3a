package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * When the registry promotes a checkpoint. Null fields take the documented defaults.
 *
 * @param minMacroF1 value gate: the candidate's macro-F1 must reach this, default 0.5
 * @param minDelta change gate: candidate macro-F1 must be at least the champion's + this, on the same held-out
 *     snapshot; default 0.0 (a candidate must at least tie the champion)
 * @param maxForgetting forgetting gate: no time slice may lose more accuracy than this, default 0.05
 * @param minEvaluated the evaluation must cover at least this many held-out examples, default 50
 * @param autoRollback rolling back a champion that degrades on newly arriving data, after its promotion; off by
 *     default ({@link AutoRollback})
 * @param quarantine keeping the examples of a feedback source the champion disagrees with far more than with the
 *     others out of training; on by default ({@link SourceQuarantine})
 * @param minDeltaForCost cost-aware gate: a checkpoint of a family that costs more to train than the champion's
 *     (CPU seconds per 1,000 examples, {@link TrainingCost}) must beat the champion by at least this macro-F1 on the
 *     same held-out snapshot, default 0.005; a cheaper family needs only {@code minDelta}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PromotionPolicy(Double minMacroF1, Double minDelta, Double maxForgetting, Integer minEvaluated,
        AutoRollback autoRollback, SourceQuarantine quarantine, Double minDeltaForCost) {

    /** The cost-aware gate's default margin: a costlier family must be this much better to take over. */
    public static final double DEFAULT_MIN_DELTA_FOR_COST = 0.005;

    /** The gates, rollback and quarantine policies, the default cost-aware margin. */
    public PromotionPolicy(Double minMacroF1, Double minDelta, Double maxForgetting, Integer minEvaluated,
            AutoRollback autoRollback, SourceQuarantine quarantine) {
        this(minMacroF1, minDelta, maxForgetting, minEvaluated, autoRollback, quarantine, null);
    }

    public PromotionPolicy {
        minMacroF1 = minMacroF1 == null ? 0.5 : minMacroF1;
        minDelta = minDelta == null ? 0.0 : minDelta;
        maxForgetting = maxForgetting == null ? 0.05 : maxForgetting;
        minEvaluated = minEvaluated == null ? 50 : minEvaluated;
        autoRollback = autoRollback == null ? AutoRollback.disabled() : autoRollback;
        quarantine = quarantine == null ? SourceQuarantine.defaults() : quarantine;
        minDeltaForCost = minDeltaForCost == null ? DEFAULT_MIN_DELTA_FOR_COST : minDeltaForCost;
        List<Violation> v = new ArrayList<>();
        Rules.range("promotion.minMacroF1", minMacroF1, 0.0, 1.0, v);
        Rules.range("promotion.minDelta", minDelta, -1.0, 1.0, v);
        Rules.range("promotion.maxForgetting", maxForgetting, 0.0, 1.0, v);
        Rules.range("promotion.minEvaluated", minEvaluated, 1, 10_000_000, v);
        Rules.range("promotion.minDeltaForCost", minDeltaForCost, 0.0, 1.0, v);
        ContractViolationException.throwIfAny(v);
    }

    /** The gates, without automatic rollback. */
    public PromotionPolicy(Double minMacroF1, Double minDelta, Double maxForgetting, Integer minEvaluated) {
        this(minMacroF1, minDelta, maxForgetting, minEvaluated, null, null);
    }

    /** The gates and this rollback policy, the default quarantine. */
    public PromotionPolicy(Double minMacroF1, Double minDelta, Double maxForgetting, Integer minEvaluated,
            AutoRollback autoRollback) {
        this(minMacroF1, minDelta, maxForgetting, minEvaluated, autoRollback, null);
    }

    public static PromotionPolicy defaults() {
        return new PromotionPolicy(null, null, null, null, null, null, null);
    }

    /** The same gates with this rollback policy. */
    public PromotionPolicy withAutoRollback(AutoRollback policy) {
        return new PromotionPolicy(minMacroF1, minDelta, maxForgetting, minEvaluated, policy, quarantine, minDeltaForCost);
    }

    /** The same gates with this quarantine policy. */
    public PromotionPolicy withQuarantine(SourceQuarantine policy) {
        return new PromotionPolicy(minMacroF1, minDelta, maxForgetting, minEvaluated, autoRollback, policy, minDeltaForCost);
    }
}
