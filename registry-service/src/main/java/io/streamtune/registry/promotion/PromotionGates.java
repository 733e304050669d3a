package io.streamtune.registry.promotion;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.PromotionPolicy;
import io.streamtune.contracts.TrainingCost;
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

    /** The gates for a checkpoint of a promotable variant whose cost is not compared (the primary's, in tests). */
    public static Verdict check(CheckpointEvaluated e, PromotionPolicy policy, Optional<ChampionPointer> champion) {
        return check(e, policy, true, champion, Optional.empty());
    }

    /**
     * Every gate for an evaluation.
     *
     * @param promotable whether the checkpoint's variant may become champion; a shadow's evaluation still goes
     *     through every other gate, so its decision shows how it would have fared
     * @param championCost what the champion's lineage had cost when its checkpoint was made; empty when unknown
     */
    public static Verdict check(CheckpointEvaluated e, PromotionPolicy policy, boolean promotable,
            Optional<ChampionPointer> champion, Optional<TrainingCost> championCost) {
        if (e.status() != CheckpointEvaluated.Status.EVALUATED) {
            return Verdict.rejected(Gate.STATUS, "evaluation status is " + e.status() + ": " + e.reason());
        }
        List<GateResult> results = new ArrayList<>();
        if (!promotable) {
            results.add(GateResult.fail(Gate.SHADOW, "variant " + e.variant() + " (" + e.family().wire() + ") is a "
                    + "shadow: trained, scored and shown beside the champion, promoted only where the spec marks it "
                    + "promotable"));
        }
        EvaluationMetrics candidate = e.candidate();
        if (champion.isEmpty()) {
            results.add(value(candidate, policy));
            return new Verdict(results);
        }
        results.add(evaluatedCount(e, policy));
        results.add(value(candidate, policy));
        results.add(change(e, policy, champion.get()));
        championCost.ifPresent(c -> results.add(cost(e, policy, champion.get(), c)));
        results.add(forgetting(candidate, policy));
        return new Verdict(results);
    }

    /**
     * The cost-aware gate: a candidate of another variant than the champion's whose lineage costs more CPU per 1,000
     * examples than the champion's did must beat the champion by {@code minDeltaForCost} on the same snapshot; a
     * cheaper (or equally priced) one passes (the change gate still asks for {@code minDelta}). Passes for the
     * champion's own variant (its checkpoints differ in cost only by the machine's load) and when either cost is
     * unknown (nothing trained yet, or an event written before costs existed).
     */
    static GateResult cost(CheckpointEvaluated e, PromotionPolicy policy, ChampionPointer champion,
            TrainingCost championCost) {
        if (e.variant().equals(champion.variant())) {
            // one lineage's cost per example drifts with the machine's load: no margin between its own checkpoints
            return GateResult.pass(Gate.COST, e.variant() + " is the champion's variant: costs not compared");
        }
        double mine = e.cost().cpuSecondsPer1000();
        double theirs = championCost.cpuSecondsPer1000();
        String costs = e.variant() + " (" + e.family().wire() + ") costs " + f2(mine) + " CPU s per 1,000 examples, "
                + "the champion v" + champion.version() + " (" + champion.variant() + ", " + champion.family().wire()
                + ") " + f2(theirs);
        if (mine <= 0 || theirs <= 0) {
            return GateResult.pass(Gate.COST, costs + ": a cost is unknown, not compared");
        }
        if (mine <= theirs) {
            return GateResult.pass(Gate.COST, costs + ": not costlier, no extra margin");
        }
        if (e.champion() == null) {
            return GateResult.fail(Gate.COST, costs + ": costlier, and no champion score on the same snapshot to "
                    + "compare with");
        }
        double required = e.champion().macroF1() + policy.minDeltaForCost();
        String detail = costs + ": costlier, so macro-F1 " + f(e.candidate().macroF1()) + " must reach the champion's "
                + f(e.champion().macroF1()) + " + minDeltaForCost " + f(policy.minDeltaForCost()) + " = "
                + f(required);
        return e.candidate().macroF1() + EPSILON >= required ? GateResult.pass(Gate.COST, detail)
                : GateResult.fail(Gate.COST, detail);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
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
