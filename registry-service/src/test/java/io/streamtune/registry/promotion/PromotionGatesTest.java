package io.streamtune.registry.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.PromotionPolicy;
import io.streamtune.registry.support.Evaluations;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromotionGatesTest {

    static final PromotionPolicy POLICY = new PromotionPolicy(0.7, 0.01, 0.05, 100);
    static final Optional<ChampionPointer> CHAMPION = Optional.of(
            new ChampionPointer(0, "spam", 3, "ck-champ", 7, null, "r1", "test"));

    @Test
    void withoutAChampionTheValueGateAloneDecides() {
        Verdict pass = PromotionGates.check(Evaluations.first("spam", "ck-1", 0.71), POLICY, Optional.empty());
        assertThat(pass.promoted()).isTrue();
        assertThat(pass.results()).extracting(GateResult::gate).containsExactly(Gate.VALUE);

        // forgetting and a small count would fail the other gates: without a champion they are not applied
        CheckpointEvaluated weak = new CheckpointEvaluated(null, 0, null, "spam", "ck-2", null, "snap",
                CheckpointEvaluated.Status.EVALUATED, null, Evaluations.metrics(0.69, 10, Map.of("s1", 0.5)), null,
                null, null, 10, null);
        Verdict fail = PromotionGates.check(weak, POLICY, Optional.empty());
        assertThat(fail.promoted()).isFalse();
        assertThat(fail.failed()).extracting(GateResult::gate).containsExactly(Gate.VALUE);
        assertThat(fail.reason()).contains("macro-F1 0.6900, minimum 0.7000");
    }

    @Test
    void valueGateComparesMacroF1WithTheMinimum() {
        assertThat(PromotionGates.value(Evaluations.metrics(0.7, 200, Map.of()), POLICY).passed()).isTrue();
        assertThat(PromotionGates.value(Evaluations.metrics(0.6999, 200, Map.of()), POLICY).passed()).isFalse();
    }

    @Test
    void changeGateNeedsTheChampionPlusMinDeltaOnTheSameSnapshot() {
        CheckpointEvaluated enough = Evaluations.against("spam", "ck-9", 0.81, "ck-champ", 3, 0.80);
        CheckpointEvaluated tooLittle = Evaluations.against("spam", "ck-9", 0.805, "ck-champ", 3, 0.80);
        assertThat(PromotionGates.change(enough, POLICY, CHAMPION.get()).passed()).isTrue();
        GateResult failed = PromotionGates.change(tooLittle, POLICY, CHAMPION.get());
        assertThat(failed.passed()).isFalse();
        assertThat(failed.detail()).contains("0.8050 vs champion 0.8000 + min delta 0.0100 = 0.8100")
                .contains("snap-2");
    }

    @Test
    void changeGateFailsWhenTheEvaluationScoredAnotherChampion() {
        CheckpointEvaluated stale = Evaluations.against("spam", "ck-9", 0.95, "ck-old", 2, 0.80);
        GateResult r = PromotionGates.change(stale, POLICY, CHAMPION.get());
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).contains("the champion is ck-champ (version 3)").contains("scored ck-old");

        CheckpointEvaluated alone = Evaluations.first("spam", "ck-9", 0.95);
        assertThat(PromotionGates.change(alone, POLICY, CHAMPION.get()).detail()).contains("scored no champion");
    }

    @Test
    void forgettingGateNamesTheWorstSlice() {
        assertThat(PromotionGates.forgetting(Evaluations.metrics(0.9, 200, Map.of("a", 0.05, "b", -0.1)), POLICY)
                .passed()).isTrue();
        GateResult r = PromotionGates.forgetting(Evaluations.metrics(0.9, 200, Map.of("a", 0.02, "b", 0.08)), POLICY);
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).isEqualTo("slice b forgot 0.0800, maximum 0.0500");
        assertThat(PromotionGates.forgetting(Evaluations.metrics(0.9, 200, Map.of()), POLICY).passed()).isTrue();
    }

    @Test
    void evaluatedCountGateNeedsTheMinimum() {
        assertThat(PromotionGates.evaluatedCount(Evaluations.against("spam", "c", 0.9, "ck-champ", 3, 0.8, Map.of(),
                100), POLICY).passed()).isTrue();
        GateResult r = PromotionGates.evaluatedCount(Evaluations.against("spam", "c", 0.9, "ck-champ", 3, 0.8,
                Map.of(), 99), POLICY);
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).isEqualTo("evaluated 99 held-out examples, minimum 100");
    }

    @Test
    void withAChampionEveryGateIsCheckedAndEveryFailureNamed() {
        CheckpointEvaluated bad = Evaluations.against("spam", "ck-9", 0.6, "ck-champ", 3, 0.8, Map.of("s", 0.2), 20);
        Verdict v = PromotionGates.check(bad, POLICY, CHAMPION);
        assertThat(v.promoted()).isFalse();
        assertThat(v.failed()).extracting(GateResult::gate)
                .containsExactly(Gate.EVALUATED_COUNT, Gate.VALUE, Gate.CHANGE, Gate.FORGETTING);
        assertThat(v.reason()).contains("evaluated-count failed").contains("value failed").contains("change failed")
                .contains("forgetting failed");

        Verdict good = PromotionGates.check(Evaluations.against("spam", "ck-9", 0.85, "ck-champ", 3, 0.8), POLICY,
                CHAMPION);
        assertThat(good.promoted()).isTrue();
        assertThat(good.results()).hasSize(4).allMatch(GateResult::passed);
    }

    @Test
    void anEvaluationThatWasNotScoredIsRejectedWithItsReason() {
        Verdict insufficient = PromotionGates.check(Evaluations.notScored("spam", "ck-1",
                CheckpointEvaluated.Status.INSUFFICIENT_DATA, "12 held-out examples, 50 needed"), POLICY,
                Optional.empty());
        assertThat(insufficient.promoted()).isFalse();
        assertThat(insufficient.failed()).extracting(GateResult::gate).containsExactly(Gate.STATUS);
        assertThat(insufficient.reason()).contains("INSUFFICIENT_DATA").contains("12 held-out examples, 50 needed");

        Verdict failed = PromotionGates.check(Evaluations.notScored("spam", "ck-1",
                CheckpointEvaluated.Status.FAILED, "cannot load weights.bin"), POLICY, CHAMPION);
        assertThat(failed.failed()).extracting(GateResult::gate).containsExactly(Gate.STATUS);
        assertThat(failed.reason()).contains("FAILED: cannot load weights.bin");
    }

    @Test
    void defaultPolicyIsDocumented() {
        PromotionPolicy d = PromotionPolicy.defaults();
        assertThat(d.minMacroF1()).isEqualTo(0.5);
        assertThat(d.minDelta()).isEqualTo(0.0);
        assertThat(d.maxForgetting()).isEqualTo(0.05);
        assertThat(d.minEvaluated()).isEqualTo(50);
        // a tie with the champion passes the default change gate
        assertThat(PromotionGates.check(Evaluations.against("spam", "c", 0.8, "ck-champ", 3, 0.8), d, CHAMPION)
                .promoted()).isTrue();
    }

    /** The same evaluation as trained by {@code variant} of {@code family} at {@code cpuPer1000} CPU s / 1000. */
    static CheckpointEvaluated by(CheckpointEvaluated e, String variant, io.streamtune.contracts.ModelFamily family,
            double cpuPer1000) {
        return new CheckpointEvaluated(e.eventId(), 0, e.occurredAt(), e.model(), e.checkpointId(),
                e.parentCheckpointId(), e.heldoutSnapshotId(), e.status(), e.reason(), e.candidate(), e.champion(),
                e.championCheckpointId(), e.championVersion(), e.evaluatedCount(), null, variant, family,
                new io.streamtune.contracts.TrainingCost(cpuPer1000, 0, 1000));
    }

    @Test
    void aCostlierCandidateMustBeatTheChampionByTheCostMarginACheaperOneOnlyByMinDelta() {
        PromotionPolicy policy = new PromotionPolicy(0.7, 0.0, 0.05, 100, null, null, 0.005);
        io.streamtune.contracts.TrainingCost linearChampion = new io.streamtune.contracts.TrainingCost(0.2, 0, 1000);
        io.streamtune.contracts.TrainingCost transformerChampion =
                new io.streamtune.contracts.TrainingCost(140, 0, 1000);
        var transformer = io.streamtune.contracts.ModelFamily.TRANSFORMER;
        var linear = io.streamtune.contracts.ModelFamily.LINEAR;

        Optional<ChampionPointer> linearPointer = Optional.of(new ChampionPointer(0, "spam", 3, "ck-champ", 7, null,
                "r1", "test", null, "linear", linear));
        // a transformer only as good as (or 0.004 better than) a linear champion: refused by the cost gate alone
        CheckpointEvaluated tie = by(Evaluations.against("spam", "ck-9", 0.954, "ck-champ", 3, 0.95), "default",
                transformer, 140);
        Verdict v = PromotionGates.check(tie, policy, true, linearPointer, Optional.of(linearChampion));
        assertThat(v.promoted()).isFalse();
        assertThat(v.failed()).extracting(GateResult::gate).containsExactly(Gate.COST);
        assertThat(v.reason()).contains("costlier").contains("140.00").contains("0.20").contains("0.9550");
        // 0.005 better: worth its cost
        CheckpointEvaluated better = by(Evaluations.against("spam", "ck-9", 0.955, "ck-champ", 3, 0.95), "default",
                transformer, 140);
        assertThat(PromotionGates.check(better, policy, true, linearPointer, Optional.of(linearChampion)).promoted())
                .isTrue();

        // the cheaper family takes over from a transformer champion at an equal score
        CheckpointEvaluated cheap = by(Evaluations.against("spam", "ck-9", 0.95, "ck-champ", 3, 0.95), "linear",
                linear, 0.2);
        Verdict c = PromotionGates.check(cheap, policy, true, CHAMPION, Optional.of(transformerChampion));
        assertThat(c.promoted()).isTrue();
        assertThat(c.results()).filteredOn(r -> r.gate() == Gate.COST).singleElement()
                .satisfies(r -> assertThat(r.detail()).contains("not costlier"));
        // unknown costs (events from before costs, nothing trained) are not compared
        assertThat(PromotionGates.check(tie, policy, true, linearPointer, Optional.of(
                io.streamtune.contracts.TrainingCost.NONE)).promoted()).isTrue();
        // nor are two checkpoints of the champion's own variant: their costs differ by the machine's load only
        CheckpointEvaluated own = by(Evaluations.against("spam", "ck-9", 0.95, "ck-champ", 3, 0.95), "default",
                transformer, 150);
        Verdict same = PromotionGates.check(own, policy, true, CHAMPION, Optional.of(transformerChampion));
        assertThat(same.promoted()).isTrue();
        assertThat(same.results()).filteredOn(r -> r.gate() == Gate.COST).singleElement()
                .satisfies(r -> assertThat(r.detail()).contains("costs not compared"));
    }

    @Test
    void aShadowIsScoredByEveryGateButNeverPromoted() {
        CheckpointEvaluated strong = by(Evaluations.against("spam", "ck-9", 0.99, "ck-champ", 3, 0.8), "linear",
                io.streamtune.contracts.ModelFamily.LINEAR, 0.2);
        Verdict v = PromotionGates.check(strong, POLICY, false, CHAMPION, Optional.empty());
        assertThat(v.promoted()).isFalse();
        assertThat(v.failed()).extracting(GateResult::gate).containsExactly(Gate.SHADOW);
        assertThat(v.results()).extracting(GateResult::gate).contains(Gate.VALUE, Gate.CHANGE, Gate.FORGETTING);
        assertThat(v.reason()).contains("linear (linear) is a shadow");
    }
}
