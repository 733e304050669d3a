package io.streamtune.kit.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.faulttolerance.api.Guard;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The kit's back-off on SmallRye Fault Tolerance's standalone implementation (the services run it on CDI's). */
class BackoffTest {

    private static final List<Class<? extends Throwable>> TRANSIENT = List.of(IllegalStateException.class);

    @Test
    void foreverRetriesPastMicroProfilesDefaultLimitsUntilTheCallWorks() {
        AtomicInteger calls = new AtomicInteger();
        List<Throwable> told = new ArrayList<>();
        Guard guard = Backoff.forever(Duration.ofMillis(1), Duration.ofMillis(2)).guard("test", TRANSIENT, told::add);
        String result = guard.get(() -> {
            if (calls.incrementAndGet() < 12) { // MicroProfile's default is 3 retries
                throw new IllegalStateException("down " + calls.get());
            }
            return "up";
        }, String.class);
        assertThat(result).isEqualTo("up");
        assertThat(calls).hasValue(12);
        assertThat(told).hasSize(11);
        assertThat(told.get(0)).hasMessage("down 1");
    }

    @Test
    void attemptsCountsTheFirstCallAndRethrowsTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        Guard guard = Backoff.attempts(3, Duration.ofMillis(1)).guard("test", TRANSIENT, t -> { });
        assertThatThrownBy(() -> guard.get(() -> {
            throw new IllegalStateException("down " + calls.incrementAndGet());
        }, String.class)).isInstanceOf(IllegalStateException.class).hasMessage("down 3");
        assertThat(calls).hasValue(3);
    }

    @Test
    void anExceptionNotNamedIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        Guard guard = Backoff.forever(Duration.ofMillis(1), Duration.ofMillis(1)).guard("test", TRANSIENT, t -> { });
        assertThatThrownBy(() -> guard.get(() -> {
            calls.incrementAndGet();
            throw new UncheckedIOException(new java.io.IOException("poison"));
        }, String.class)).isInstanceOf(UncheckedIOException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void withinStopsOnceItsTimeIsSpentAndThePausesDouble() {
        List<Long> at = new ArrayList<>();
        Guard guard = Backoff.within(Duration.ofMillis(700), Duration.ofMillis(50), Duration.ofMillis(400))
                .guard("test", TRANSIENT, t -> { });
        long start = System.nanoTime();
        assertThatThrownBy(() -> guard.get(() -> {
            at.add((System.nanoTime() - start) / 1_000_000);
            throw new IllegalStateException("down");
        }, String.class)).isInstanceOf(IllegalStateException.class);
        // calls near 0, 50, 150, 350 ms, then the pause of 400 would pass 700 ms: SmallRye stops there or after it
        assertThat(at.size()).isBetween(4, 6);
        assertThat(at.get(2) - at.get(1)).isGreaterThanOrEqualTo(at.get(1) - at.get(0));
        assertThat(at.get(at.size() - 1)).isLessThan(2_000);
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> Backoff.forever(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 < first <= max");
        assertThatThrownBy(() -> Backoff.attempts(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempts must be >= 1");
    }
}
