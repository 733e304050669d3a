package io.streamtune.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpamFiguresTest {

    @Test
    void maxPhaseDropIsTheLargestFallOfAnyPeriodBetweenConsecutivePhaseEnds() {
        // 2002: 0.95 -> 0.97 -> 0.90 (falls 0.07 in the last phase); 2003: 0.60 -> 0.96 -> 0.93 (falls 0.03)
        List<Map<String, Double>> ends = List.of(Map.of("2002", 0.95, "2003", 0.60),
                Map.of("2002", 0.97, "2003", 0.96), Map.of("2002", 0.90, "2003", 0.93));
        assertThat(SpamFigures.maxPhaseDrop(ends)).isCloseTo(0.07, offset(1e-12));
    }

    @Test
    void onlyConsecutivePhaseEndsCountNotTheBestEver() {
        // 2003 falls 0.02 then 0.02 again: 0.04 below its best, but 0.02 per phase
        List<Map<String, Double>> ends = List.of(Map.of("2003", 0.99), Map.of("2003", 0.97), Map.of("2003", 0.95));
        assertThat(SpamFigures.maxPhaseDrop(ends)).isCloseTo(0.02, offset(1e-12));
    }

    @Test
    void nothingFallingIsZeroAndOnePhaseEndIsNaN() {
        List<Map<String, Double>> rising = List.of(Map.of("2002", 0.8), Map.of("2002", 0.9, "2003", 0.7));
        assertThat(SpamFigures.maxPhaseDrop(rising)).isZero();
        assertThat(SpamFigures.maxPhaseDrop(List.of(Map.of("2002", 0.8)))).isNaN();
    }
}
