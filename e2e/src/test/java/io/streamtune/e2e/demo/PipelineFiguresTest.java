package io.streamtune.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.ModelPromoted;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineFiguresTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static CheckpointCreated checkpoint(String id, int seconds, long examples, Map<Integer, Long> offsets) {
        return new CheckpointCreated(null, 0, at(seconds), "spam", id, null, "s3://c/spam/" + id, examples / 16,
                examples, offsets, null, 0.1, null);
    }

    private static ModelPromoted promoted(String checkpointId, int seconds, ModelPromoted.Kind kind) {
        return new ModelPromoted(null, 0, at(seconds), "spam", 1, checkpointId, null, kind, "test", 1, null);
    }

    @Test
    void freshnessIsTheFirstPromotionCoveringTheOffsetMinusTheAck() {
        var a = checkpoint("a", 100, 32, Map.of(0, 2L, 1, 0L));
        var b = checkpoint("b", 200, 64, Map.of(0, 3L, 1, 2L));
        var c = checkpoint("c", 300, 80, Map.of(0, 4L, 1, 2L));
        List<PipelineFigures.Acked> acked = List.of(
                new PipelineFigures.Acked(0, 0, at(10)),   // covered by a, promoted at 150: 140 s
                new PipelineFigures.Acked(0, 1, at(20)),   // covered by a: 130 s
                new PipelineFigures.Acked(0, 2, at(30)),   // b is rejected (never promoted), c promoted at 400: 370 s
                new PipelineFigures.Acked(1, 0, at(40)),   // first in b, so c: 360 s
                new PipelineFigures.Acked(0, 9, at(50)));  // no promoted checkpoint covers it
        List<ModelPromoted> promotions = List.of(promoted("c", 400, ModelPromoted.Kind.PROMOTION),
                promoted("a", 150, ModelPromoted.Kind.PROMOTION), promoted("a", 500, ModelPromoted.Kind.ROLLBACK));
        var evaluations = List.of(evaluated("a", 140), evaluated("b", 260), evaluated("c", 330));

        Map<String, Double> n = PipelineFigures.compute(acked, at(0), 10.0, 7, 70.0,
                new PipelineFigures.TrainerTimes(0, 80, 0, 40_000_000_000L), List.of(a, b, c), evaluations,
                promotions);

        assertThat(n.get("freshness_examples")).isEqualTo(4.0);
        assertThat(n.get("freshness_examples_not_promoted")).isEqualTo(1.0);
        assertThat(n.get("freshness_s_p50")).isCloseTo(140.0, within(1e-9)); // nearest rank of {130, 140, 360, 370}
        assertThat(n.get("freshness_s_p95")).isCloseTo(370.0, within(1e-9));
        assertThat(n.get("promotions")).isEqualTo(2.0); // the rollback is not a promotion
        assertThat(n.get("ingest_examples_per_s")).isCloseTo(0.7, within(1e-9));
        assertThat(n.get("ingest_over_producer")).isCloseTo(0.01, within(1e-9));
        assertThat(n.get("trainer_examples_per_step_s")).isCloseTo(2.0, within(1e-9));
        assertThat(n.get("trainer_examples_per_s_end_to_end")).isCloseTo(80 / 300.0, within(1e-9));
        assertThat(n.get("evaluation_s_p50")).isCloseTo(40.0, within(1e-9)); // {40, 60, 30}
        assertThat(n.get("evaluation_s_max")).isCloseTo(60.0, within(1e-9));
    }

    @Test
    void notPromotedCountsTheAckedEmailsNoPromotionCoversYet() {
        var a = checkpoint("a", 100, 32, Map.of(0, 2L));
        var b = checkpoint("b", 200, 64, Map.of(0, 4L));
        List<PipelineFigures.Acked> acked = List.of(new PipelineFigures.Acked(0, 0, at(10)),
                new PipelineFigures.Acked(0, 1, at(20)), new PipelineFigures.Acked(0, 3, at(30)));
        var aPromoted = promoted("a", 150, ModelPromoted.Kind.PROMOTION);

        // b, which covers the last one, was rejected: the stream has to go on
        assertThat(PipelineFigures.notPromoted(acked, List.of(a, b), List.of(aPromoted))).isEqualTo(1);
        // a rollback to b is not a promotion of it
        assertThat(PipelineFigures.notPromoted(acked, List.of(a, b), List.of(aPromoted,
                promoted("b", 300, ModelPromoted.Kind.ROLLBACK)))).isEqualTo(1);
        // a later checkpoint promoted covers it
        var c = checkpoint("c", 300, 80, Map.of(0, 5L));
        assertThat(PipelineFigures.notPromoted(acked, List.of(a, b, c), List.of(aPromoted,
                promoted("c", 330, ModelPromoted.Kind.PROMOTION)))).isZero();
    }

    @Test
    void percentileIsNearestRankAndNanWhenEmpty() {
        assertThat(PipelineFigures.percentile(List.of(), 0.5)).isNaN();
        assertThat(PipelineFigures.percentile(List.of(5.0, 1.0, 3.0, 2.0, 4.0), 0.5)).isEqualTo(3.0);
        assertThat(PipelineFigures.percentile(List.of(5.0, 1.0, 3.0, 2.0, 4.0), 0.95)).isEqualTo(5.0);
    }

    @Test
    void arrivalOverCapacityIsTrainingArrivalsOverTrainingEmailsPerStepSecond() {
        // 100 s at the rate: 500 emails, 400 of them to train; the trainer took 400 in 80 s of steps (5 per second)
        var trainer = new PipelineFigures.TrainerTimes(320, 720, 30_000_000_000L, 110_000_000_000L);
        Map<String, Double> n = PipelineFigures.sustained(new PipelineFigures.Sustained(5.2, 500, 400, 100.0, trainer,
                6.0));

        assertThat(n.get("arrival_rate_target_per_s")).isEqualTo(5.2);
        assertThat(n.get("arrival_emails")).isEqualTo(500.0);
        assertThat(n.get("arrival_rate_per_s")).isCloseTo(5.0, within(1e-9));
        assertThat(n.get("arrival_train_per_s")).isCloseTo(4.0, within(1e-9));
        assertThat(n.get("trainer_capacity_examples_per_s")).isCloseTo(5.0, within(1e-9));
        assertThat(n.get("trainer_capacity_warmup_examples_per_s")).isEqualTo(6.0);
        assertThat(n.get("arrival_over_capacity")).isCloseTo(0.8, within(1e-9)); // busy stepping 80 s of 100
    }

    @Test
    void withoutAStepThereIsNoCapacity() {
        var idle = new PipelineFigures.TrainerTimes(10, 10, 5, 5);
        assertThat(idle.examplesPerStepSecond()).isNaN();
        Map<String, Double> n = PipelineFigures.sustained(new PipelineFigures.Sustained(1, 0, 0, 0, idle, 1));
        assertThat(n.get("arrival_rate_per_s")).isNaN();
        assertThat(n.get("arrival_over_capacity")).isNaN();
    }

    @Test
    void freshnessCountsOnlyTheEmailsItIsGiven() {
        // the warm-up's emails (offsets 0..1) are not passed: only the two sent at the rate count
        var warm = checkpoint("w", 50, 32, Map.of(0, 2L));
        var paced = checkpoint("p", 130, 64, Map.of(0, 4L));
        List<PipelineFigures.Acked> atRate = List.of(new PipelineFigures.Acked(0, 2, at(100)),
                new PipelineFigures.Acked(0, 3, at(110)));
        List<Double> f = PipelineFigures.freshness(atRate, List.of(promoted("w", 60, ModelPromoted.Kind.PROMOTION),
                promoted("p", 145, ModelPromoted.Kind.PROMOTION)), Map.of("w", warm, "p", paced));
        assertThat(f).containsExactly(45.0, 35.0);
    }

    private static CheckpointEvaluated evaluated(String checkpointId, int seconds) {
        var metrics = new EvaluationMetrics(50, 0.9, 0.9, null, 0.3, 0.05, null, null);
        return new CheckpointEvaluated(null, 0, at(seconds), "spam", checkpointId, null, "snap-1",
                CheckpointEvaluated.Status.EVALUATED, null, metrics, null, null, null, 50, null);
    }
}
