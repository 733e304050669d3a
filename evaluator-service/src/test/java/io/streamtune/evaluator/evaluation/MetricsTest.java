package io.streamtune.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.contracts.ClassMetrics;
import io.streamtune.contracts.EvaluationMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every metric against values worked out by hand on six examples. */
class MetricsTest {

    private static final double EPS = 1e-6;

    // model classes a, b, c. c is predicted once but never true (no support); d is true once but unknown to the
    // model, so never predicted.
    private static final List<String> LABELS = List.of("a", "b", "c");
    private static final float[][] P = {
            {0.72f, 0.18f, 0.10f}, // a -> a  hit,  confidence .72
            {0.55f, 0.35f, 0.10f}, // b -> a  miss, .55
            {0.15f, 0.75f, 0.10f}, // b -> b  hit,  .75
            {0.10f, 0.05f, 0.85f}, // a -> c  miss, .85
            {0.30f, 0.65f, 0.05f}, // d -> b  miss, .65
            {0.92f, 0.04f, 0.04f}, // a -> a  hit,  .92
    };
    private static final List<String> TRUTH = List.of("a", "b", "b", "a", "d", "a");
    private static final List<String> SLICES = List.of("s1", "s1", "s2", "s2", "s2", "s1");

    private final EvaluationMetrics m = Metrics.compute(LABELS, P, TRUTH, SLICES);

    @Test
    void accuracyAndSlices() {
        assertThat(m.count()).isEqualTo(6);
        assertThat(m.accuracy()).isCloseTo(3.0 / 6, within(EPS));
        assertThat(m.sliceAccuracy()).containsOnlyKeys("s1", "s2");
        assertThat(m.sliceAccuracy().get("s1")).isCloseTo(2.0 / 3, within(EPS));
        assertThat(m.sliceAccuracy().get("s2")).isCloseTo(1.0 / 3, within(EPS));
        assertThat(m.forgetting()).isEmpty();
    }

    @Test
    void perClassIncludingNoPredictionsAndNoSupport() {
        assertThat(m.perClass()).containsOnlyKeys("a", "b", "c", "d");
        // a: support 3 (1,4,6), predicted 3 (1,2,6), 2 hits
        assertClass(m.perClass().get("a"), 2.0 / 3, 2.0 / 3, 2.0 / 3, 3, 3);
        // b: support 2 (2,3), predicted 2 (3,5), 1 hit
        assertClass(m.perClass().get("b"), 0.5, 0.5, 0.5, 2, 2);
        // c: never true, predicted once: precision 0, recall 0 (no support), F1 0
        assertClass(m.perClass().get("c"), 0, 0, 0, 0, 1);
        // d: true once, never predicted: precision 0 (no predictions), recall 0
        assertClass(m.perClass().get("d"), 0, 0, 0, 1, 0);
    }

    @Test
    void macroF1AveragesClassesTrueOrPredicted() {
        // (F1 a + F1 b + F1 c + F1 d) / 4 = (2/3 + 1/2 + 0 + 0) / 4 = 7/24: c is predicted once (no support) and d is
        // true once (never predicted), so both count with F1 0, as scikit-learn's f1_score(average="macro") has it
        assertThat(m.macroF1()).isCloseTo(7.0 / 24, within(EPS));
    }

    @Test
    void aModelClassNeverTrueNorPredictedIsListedButNotAveraged() {
        float[][] p = {{0.9f, 0.1f, 0f}, {0.2f, 0.8f, 0f}};
        EvaluationMetrics two = Metrics.compute(List.of("x", "y", "z"), p, List.of("x", "x"), List.of("s", "s"));
        // x: tp 1, support 2, predicted 1 -> F1 2/3; y: predicted once, never true -> 0; z: absent, not averaged
        assertThat(two.perClass()).containsOnlyKeys("x", "y", "z");
        assertClass(two.perClass().get("z"), 0, 0, 0, 0, 0);
        assertThat(two.macroF1()).isCloseTo((2.0 / 3 + 0) / 2, within(EPS));
    }

    @Test
    void logLossClipsAnUnknownTrueLabel() {
        // p(true): .72 .35 .75 .10, then d unknown -> 0 clipped at 1e-15, then .92
        double expected = -(Math.log(0.72) + Math.log(0.35) + Math.log(0.75) + Math.log(0.10) + Math.log(1e-15)
                + Math.log(0.92)) / 6;
        assertThat(m.logLoss()).isCloseTo(expected, within(1e-5));
        assertThat(m.logLoss()).isCloseTo(6.43179, within(1e-4));
    }

    @Test
    void expectedCalibrationErrorOverTenBins() {
        // (.5,.6]: {.55 miss} (.6,.7]: {.65 miss} (.7,.8]: {.72 hit, .75 hit} (.8,.9]: {.85 miss} (.9,1]: {.92 hit}
        // = 1/6*.55 + 1/6*.65 + 2/6*|1-.735| + 1/6*.85 + 1/6*|1-.92| = 2.66/6
        assertThat(m.expectedCalibrationError()).isCloseTo(2.66 / 6, within(EPS));
    }

    @Test
    void perfectConfidentModel() {
        float[][] p = {{1f, 0f}, {0f, 1f}};
        EvaluationMetrics perfect = Metrics.compute(List.of("x", "y"), p, List.of("x", "y"), List.of("s", "s"));
        assertThat(perfect.accuracy()).isEqualTo(1.0);
        assertThat(perfect.macroF1()).isEqualTo(1.0);
        assertThat(perfect.logLoss()).isCloseTo(0.0, within(EPS));
        assertThat(perfect.expectedCalibrationError()).isCloseTo(0.0, within(EPS));
    }

    @Test
    void tiesGoToTheFirstColumnAndBinsHaveClosedUpperEdges() {
        assertThat(Metrics.argmax(new float[] {0.5f, 0.5f})).isZero();
        assertThat(Metrics.bin(0.0)).isZero();
        assertThat(Metrics.bin(0.1)).isZero();
        assertThat(Metrics.bin(0.15)).isEqualTo(1);
        assertThat(Metrics.bin(1.0)).isEqualTo(9);
    }

    @Test
    void confusionCountsTruePredictedPairs() {
        // a -> a twice, a -> c once, b -> a, b -> b, d -> b
        assertThat(m.confusion()).containsOnlyKeys("a", "b", "d");
        assertThat(m.confusion().get("a")).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "c", 1));
        assertThat(m.confusion().get("b")).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 1));
        assertThat(m.confusion().get("d")).containsExactlyInAnyOrderEntriesOf(Map.of("b", 1));
    }

    @Test
    void withForgettingKeepsTheRest() {
        EvaluationMetrics f = Metrics.withForgetting(m, Map.of("s1", 0.25));
        assertThat(f.forgetting()).containsEntry("s1", 0.25);
        assertThat(f.maxForgetting()).isEqualTo(0.25);
        assertThat(f.accuracy()).isEqualTo(m.accuracy());
        assertThat(f.perClass()).isEqualTo(m.perClass());
        assertThat(f.confusion()).isEqualTo(m.confusion());
    }

    @Test
    void refusesMismatchedInputs() {
        assertThatThrownBy(() -> Metrics.compute(LABELS, P, TRUTH.subList(0, 5), SLICES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one entry per example");
        assertThatThrownBy(() -> Metrics.compute(List.of("a", "b"), P, TRUTH, SLICES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 0 has 3 probabilities");
        assertThatThrownBy(() -> Metrics.compute(LABELS, new float[0][], List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one example");
    }

    private static void assertClass(ClassMetrics c, double precision, double recall, double f1, int support,
            int predicted) {
        assertThat(c.precision()).as("precision").isCloseTo(precision, within(EPS));
        assertThat(c.recall()).as("recall").isCloseTo(recall, within(EPS));
        assertThat(c.f1()).as("f1").isCloseTo(f1, within(EPS));
        assertThat(c.support()).as("support").isEqualTo(support);
        assertThat(c.predicted()).as("predicted").isEqualTo(predicted);
    }
}
