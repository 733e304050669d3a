package io.streamtune.registry.promotion;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.PromotionPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The promotion policy as a pure function of an evaluation, the model's policy and the current champion.
 *
 * <p>No champion yet: the value gate alone decides (the evaluator's {@code minHeldout} already turns a too small
 * held-out set into {@code INSUFFICIENT_DATA}). With a champion: evaluated count, value, change and forgetting, each
 * checked and reported, so a rejection names every gate it failed. The change gate compares with the champion's
 * score on the same snapshot, so the evaluation must have scored the checkpoint the pointer names now.
 */
public final class PromotionGates {

    /** Floating-point slack for ties: 0.8 must pass a 0.8 threshold however it was summed. */
    static final double EPSILON = 1e-9;

    private PromotionGates() {
    }

    public static Verdict check(CheckpointEvaluated e, PromotionPolicy policy, Optional<ChampionPointer> champion) {
        if (e.status() != CheckpointEvaluated.Status.EVALUATED) {
            return Verdict.rejected(Gate.STATUS, "evaluation status is " + e.status() + ": " + e.reason());
        }
        List<GateResult> results = new ArrayList<>();
        EvaluationMetrics candidate = e.candidate();
        if (champion.isEmpty()) {
            results.add(value(candidate, policy));
            return new Verdict(results);
        }
        results.add(evaluatedCount(e, policy));
        results.add(value(candidate, policy));
        results.add(change(e, policy, champion.get()));
        results.add(forgetting(candidate, policy));
        return new Verdict(results);
    }

    static GateResult evaluatedCount(CheckpointEvaluated e, PromotionPolicy policy) {
        String detail = "evaluated " + e.evaluatedCount() + " held-out examples, minimum " + policy.minEvaluated();
        return e.evaluatedCount() >= policy.minEvaluated() ? GateResult.pass(Gate.EVALUATED_COUNT, detail)
                : GateResult.fail(Gate.EVALUATED_COUNT, detail);
    }

    static GateResult value(EvaluationMetrics candidate, PromotionPolicy policy) {
        String detail = "macro-F1 " + f(candidate.macroF1()) + ", minimum " + f(policy.minMacroF1());
        return candidate.macroF1() + EPSILON >= policy.minMacroF1() ? GateResult.pass(Gate.VALUE, detail)
                : GateResult.fail(Gate.VALUE, detail);
    }

    static GateResult change(CheckpointEvaluated e, PromotionPolicy policy, ChampionPointer champion) {
        if (e.champion() == null || !champion.checkpointId().equals(e.championCheckpointId())) {
            return GateResult.fail(Gate.CHANGE, "the champion is " + champion.checkpointId() + " (version "
                    + champion.version() + ") but this evaluation scored "
                    + (e.champion() == null ? "no champion" : e.championCheckpointId())
                    + " on snapshot " + e.heldoutSnapshotId() + "; a comparison needs both on the same snapshot");
        }
        double required = e.champion().macroF1() + policy.minDelta();
        String detail = "macro-F1 " + f(e.candidate().macroF1()) + " vs champion " + f(e.champion().macroF1())
                + " + min delta " + f(policy.minDelta()) + " = " + f(required) + " on snapshot "
                + e.heldoutSnapshotId();
        return e.candidate().macroF1() + EPSILON >= required ? GateResult.pass(Gate.CHANGE, detail)
                : GateResult.fail(Gate.CHANGE, detail);
    }

    static GateResult forgetting(EvaluationMetrics candidate, PromotionPolicy policy) {
        Optional<Map.Entry<String, Double>> worst = candidate.forgetting().entrySet().stream()
                .max(Comparator.comparingDouble(Map.Entry::getValue));
        if (worst.isEmpty()) {
            return GateResult.pass(Gate.FORGETTING, "no slice measured yet, maximum " + f(policy.maxForgetting()));
        }
        String detail = "slice " + worst.get().getKey() + " forgot " + f(worst.get().getValue()) + ", maximum "
                + f(policy.maxForgetting());
        return worst.get().getValue() <= policy.maxForgetting() + EPSILON ? GateResult.pass(Gate.FORGETTING, detail)
                : GateResult.fail(Gate.FORGETTING, detail);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
