package io.streamtune.evaluator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.contracts.EvaluationMetrics;

/** Two sets of scores of the same model on the same snapshot agree (counts exactly, probabilities to rounding). */
public final class SameScores {

    private SameScores() {
    }

    public static void assertSameScores(EvaluationMetrics actual, EvaluationMetrics expected) {
        assertThat(actual.count()).isEqualTo(expected.count());
        assertThat(actual.accuracy()).isCloseTo(expected.accuracy(), within(1e-9));
        assertThat(actual.macroF1()).isCloseTo(expected.macroF1(), within(1e-9));
        assertThat(actual.logLoss()).isCloseTo(expected.logLoss(), within(1e-4));
        assertThat(actual.expectedCalibrationError()).isCloseTo(expected.expectedCalibrationError(), within(1e-4));
        assertThat(actual.sliceAccuracy()).isEqualTo(expected.sliceAccuracy());
        expected.perClass().forEach((label, cm) -> {
            assertThat(actual.perClass().get(label).support()).isEqualTo(cm.support());
            assertThat(actual.perClass().get(label).f1()).isCloseTo(cm.f1(), within(1e-9));
        });
    }
}
