package io.streamtune.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoresTest {

    @Test
    void macroF1AveragesThePerClassF1() {
        // spam: tp 2, fp 1, fn 1 -> F1 2/3; ham: tp 3, fp 1, fn 1 -> F1 3/4
        List<String> truth = List.of("spam", "spam", "spam", "ham", "ham", "ham", "ham");
        List<String> predicted = List.of("spam", "spam", "ham", "spam", "ham", "ham", "ham");
        Scores s = Scores.of(truth, predicted);
        assertThat(s.f1("spam")).isCloseTo(2.0 / 3, offset(1e-12));
        assertThat(s.f1("ham")).isCloseTo(0.75, offset(1e-12));
        assertThat(s.macroF1()).isCloseTo((2.0 / 3 + 0.75) / 2, offset(1e-12));
        assertThat(s.accuracy()).isCloseTo(5.0 / 7, offset(1e-12));
        assertThat(s.count()).isEqualTo(7);
    }

    @Test
    void aClassOnlyPredictedCountsWithF1ZeroAndAnAbsentClassDoesNotCount() {
        Scores s = Scores.of(List.of("ham", "ham"), List.of("ham", "spam"));
        assertThat(s.f1("spam")).isZero();
        assertThat(s.macroF1()).isCloseTo((2.0 / 3) / 2, offset(1e-12));
        assertThat(Scores.of(List.of("ham"), List.of("ham")).macroF1()).isEqualTo(1.0);
        assertThat(s.f1("phishing")).isZero();
    }

    @Test
    void perfectPredictionsScoreOne() {
        Scores s = Scores.of(List.of("a", "b", "c"), List.of("a", "b", "c"));
        assertThat(s.macroF1()).isEqualTo(1.0);
        assertThat(s.accuracy()).isEqualTo(1.0);
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThatThrownBy(() -> Scores.of(List.of("a"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 labels");
    }
}
