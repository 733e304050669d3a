package io.streamtune.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class PaceTest {

    private final Pace.RateConverter converter = new Pace.RateConverter();

    @Test
    void aRateIsANumberAboveZeroOrAuto() {
        assertThat(converter.convert("2.5")).isEqualTo(2.5);
        assertThat(converter.convert("AUTO")).isNaN();
        assertThat(new Pace(converter.convert("auto"), 400, 42L).auto()).isTrue();
        assertThat(new Pace(3, 400, 42L).auto()).isFalse();
        for (String bad : new String[] {"0", "-1", "NaN", "Infinity", "fast"}) {
            assertThatThrownBy(() -> converter.convert(bad)).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining(bad);
        }
    }

    @Test
    void autoPutsHalfTheTrainersCapacityOnIt() {
        // 15 training emails per second of step time, 80 % of the emails train: 0.5 * 15 / 0.8
        assertThat(Pace.autoRate(15.0, 0.8)).isCloseTo(9.375, within(1e-12));
        assertThatThrownBy(() -> Pace.autoRate(Double.NaN, 0.8)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--rate N");
        assertThatThrownBy(() -> Pace.autoRate(15.0, 0)).isInstanceOf(IllegalStateException.class);
    }
}
