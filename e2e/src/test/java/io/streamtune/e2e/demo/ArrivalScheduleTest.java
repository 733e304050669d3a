package io.streamtune.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

    @Test
    void theMeanRateIsTheRateAskedFor() {
        int n = 20_000;
        ArrivalSchedule s = new ArrivalSchedule(7.5, n, 42L);
        // n exponential gaps: the mean rate's relative standard error is 1 / sqrt(n), 0.7 %; 3 % is over four of them
        assertThat(n / s.at(n - 1)).isCloseTo(7.5, within(7.5 * 0.03));
    }

    @Test
    void gapsAreExponentialNotEven() {
        int n = 20_000;
        ArrivalSchedule s = new ArrivalSchedule(2.0, n, 7L);
        double[] gaps = new double[n];
        for (int i = 0; i < n; i++) {
            gaps[i] = s.at(i) - (i == 0 ? 0 : s.at(i - 1));
        }
        double mean = Arrays.stream(gaps).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(gaps).map(g -> (g - mean) * (g - mean)).sum() / (n - 1));
        assertThat(sd / mean).isCloseTo(1.0, within(0.05)); // an exponential's coefficient of variation is 1
        // P(gap > mean) = 1/e for an exponential
        double longer = Arrays.stream(gaps).filter(g -> g > 0.5).count() / (double) n;
        assertThat(longer).isCloseTo(Math.exp(-1), within(0.02));
        assertThat(Arrays.stream(gaps).min().orElseThrow()).isGreaterThan(0.0);
    }

    @Test
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
        ArrivalSchedule a = new ArrivalSchedule(3.0, 100, 42L);
        ArrivalSchedule b = new ArrivalSchedule(3.0, 100, 42L);
        ArrivalSchedule c = new ArrivalSchedule(3.0, 100, 43L);
        for (int i = 0; i < 100; i++) {
            assertThat(a.at(i)).isEqualTo(b.at(i));
        }
        assertThat(a.at(99)).isNotEqualTo(c.at(99));
        // twice the rate, same seed: the same draws, each gap halved
        ArrivalSchedule d = new ArrivalSchedule(6.0, 100, 42L);
        assertThat(d.at(99)).isCloseTo(a.at(99) / 2, within(1e-9));
    }

    @Test
    void arrivalsRiseAndDueTakesWhatHasComeUpToABatch() {
        ArrivalSchedule s = new ArrivalSchedule(10.0, 500, 1L);
        for (int i = 1; i < s.size(); i++) {
            assertThat(s.at(i)).isGreaterThanOrEqualTo(s.at(i - 1));
        }
        assertThat(s.dueUntil(0, 0.0, 50)).isZero(); // nothing has come at time zero
        int due = s.dueUntil(0, s.at(9), 50);
        assertThat(due).isEqualTo(10);               // arrivals 0..9, not 10
        assertThat(s.dueUntil(3, s.at(9), 50)).isEqualTo(10);
        assertThat(s.dueUntil(0, s.at(499), 50)).isEqualTo(50); // a late sender catches up one batch at a time
        assertThat(s.dueUntil(480, 1e9, 50)).isEqualTo(500);    // never past the end
    }

    @Test
    void aRateMustBePositive() {
        assertThatThrownBy(() -> new ArrivalSchedule(0, 10, 1L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> new ArrivalSchedule(Double.NaN, 10, 1L)).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArrivalSchedule(1, -1, 1L)).isInstanceOf(IllegalArgumentException.class);
    }
}
