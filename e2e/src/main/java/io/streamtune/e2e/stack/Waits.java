package io.streamtune.e2e.stack;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polling with a deadline, for things that happen in other processes. */
public final class Waits {

    private Waits() {
    }

    /** Polls {@code probe} until it gives a value, or fails naming {@code what} after {@code timeout}. */
    public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
        return poll(timeout, Duration.ofMillis(250), probe).orElseThrow(() -> new IllegalStateException(
                "Timed out after " + timeout.toSeconds() + " s waiting for " + what + "."));
    }

    /** As {@link #until}, but null instead of a failure when {@code timeout} passes (polled every second). */
    public static <T> T untilOrNull(Duration timeout, Supplier<Optional<T>> probe) {
        return poll(timeout, Duration.ofSeconds(1), probe).orElse(null);
    }

    private static <T> Optional<T> poll(Duration timeout, Duration every, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent() || System.nanoTime() > deadline) {
                return value;
            }
            sleep(every);
        }
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
