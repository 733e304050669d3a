package io.streamtune.kit.retry;

import io.smallrye.faulttolerance.api.Guard;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

/**
 * How a service waits out a dependency that is down (S3, Kafka, a spec not published yet): exponential back-off
 * through SmallRye Fault Tolerance's programmatic {@link Guard}, the one retry implementation every service uses. Only
 * the exceptions named to {@link #guard} are retried; anything else, and the last failure once the budget is spent,
 * reaches the caller unchanged.
 *
 * @param first the pause after the first failure; each next one doubles
 * @param max the longest pause
 * @param attempts calls in all, first one included; 0 for no limit
 * @param within how long the retries may go on, counted from the first call; {@link Duration#ZERO} for no limit
 */
public record Backoff(Duration first, Duration max, int attempts, Duration within) {

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("a back-off needs 0 < first <= max, got first " + first + ", max " + max);
        }
        if (attempts < 0 || within.isNegative()) {
            throw new IllegalArgumentException("attempts and within must be >= 0, got " + attempts + ", " + within);
        }
    }

    /** Retries until it works (or the thread is interrupted). */
    public static Backoff forever(Duration first, Duration max) {
        return new Backoff(first, max, 0, Duration.ZERO);
    }

    /** At most {@code attempts} calls, the pauses doubling from {@code first} without a cap. */
    public static Backoff attempts(int attempts, Duration first) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        return new Backoff(first, first.multipliedBy(1L << Math.min(attempts, 30)), attempts, Duration.ZERO);
    }

    /** Retries for {@code within} (a call that starts before then still runs to its end), pauses up to {@code max}. */
    public static Backoff within(Duration within, Duration first, Duration max) {
        if (within.isZero()) {
            throw new IllegalArgumentException("within must be > 0 (use forever for no limit)");
        }
        return new Backoff(first, max, 0, within);
    }

    /**
     * A guard for calls that may throw {@code retryOn}.
     *
     * @param description names the guarded call in SmallRye's logs and metrics (the {@code method} tag of its
     *     {@code ft_*} series): a constant per kind of call, never an id
     * @param beforeRetry told each failure that will be retried (to log it, count it), before the pause
     */
    public Guard guard(String description, List<Class<? extends Throwable>> retryOn, Consumer<Throwable> beforeRetry) {
        Guard.Builder.RetryBuilder retry = Guard.create().withDescription(description)
                .withRetry()
                .maxRetries(attempts == 0 ? -1 : attempts - 1)
                .delay(first.toMillis(), ChronoUnit.MILLIS)
                // MicroProfile's default bounds a retry to 180 s and adds 200 ms of jitter: both are this record's say
                .maxDuration(within.toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .retryOn(retryOn)
                .beforeRetry(beforeRetry);
        if (max.toMillis() > first.toMillis()) { // SmallRye's exponential back-off wants first < max
            retry = retry.withExponentialBackoff().factor(2).maxDelay(max.toMillis(), ChronoUnit.MILLIS).done();
        }
        return retry.done().build();
    }
}
