package io.streamtune.client;

import java.time.Instant;

/**
 * Told after a {@link Predictor} swapped models: from then on every new prediction runs on {@code to}. For tests and
 * benchmarks that measure promotion → serving time, and for logs.
 */
@FunctionalInterface
public interface SwapListener {

    /**
     * @param from        the version served before; null for the first model or one loaded without a version
     * @param to          the version served now; null for a model loaded without a version
     * @param completedAt when the swap took effect (the old model may still finish predictions in flight)
     */
    void swapped(ModelVersion from, ModelVersion to, Instant completedAt);
}
