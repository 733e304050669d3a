package io.streamtune.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrequentialTest {

    @Test
    void theWindowForgetsOldPredictionsAndTheOverallAccuracyDoesNot() {
        Prequential p = new Prequential(3);
        assertThat(p.accuracy()).isNaN();
        p.record(List.of("a", "b"), List.of("a", "b")); // hit hit
        assertThat(p.windowAccuracy()).isEqualTo(1.0);
        p.record(List.of("a", "b"), List.of("b", "b")); // miss hit: window = hit, miss, hit
        assertThat(p.windowAccuracy()).isCloseTo(2.0 / 3, offset(1e-12));
        p.record(List.of("a", "a"), List.of("b", "b")); // miss miss: window = hit, miss, miss
        assertThat(p.windowAccuracy()).isCloseTo(1.0 / 3, offset(1e-12));
        assertThat(p.accuracy()).isCloseTo(3.0 / 6, offset(1e-12));
        assertThat(p.seen()).isEqualTo(6);
        assertThat(p.curve()).extracting(x -> x[0]).containsExactly(2.0, 4.0, 6.0);
        assertThat(p.curve()).extracting(x -> x[1]).containsExactly(1.0, 2.0 / 3, 1.0 / 3);
    }

    @Test
    void noLearnerYetCountsAsMisses() {
        Prequential p = new Prequential(200);
        p.record(List.of("a", "b"), null);
        p.record(List.of("a", "b"), List.of("a", "b"));
        assertThat(p.accuracy()).isEqualTo(0.5);
        assertThat(p.windowAccuracy()).isEqualTo(0.5);
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThatThrownBy(() -> new Prequential(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
