package io.streamtune.ingest.auth;

import io.streamtune.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Requests being handled at once, per API key and overall, so one key cannot hold every worker thread, producer
 * and buffer: a request {@linkplain #enter enters} before its body is read and {@linkplain #exitOnce exits} when
 * its response has ended.
 */
@ApplicationScoped
public class InFlightLimiter {

    /** Which limit a refused request hit. */
    public enum Full {
        KEY, OVERALL
    }

    private final int perKey;
    private final int overallLimit;
    private final Semaphore overall;
    private final Map<String, Semaphore> keys = new ConcurrentHashMap<>();

    @Inject
    public InFlightLimiter(IngestConfig config) {
        this(config.limits().maxInFlightPerKey(), config.limits().maxInFlight());
    }

    InFlightLimiter(int perKey, int overall) {
        if (perKey < 1 || overall < 1) {
            throw new IllegalArgumentException("streamtune.ingest.limits.max-in-flight and max-in-flight-per-key "
                    + "must be at least 1, got " + overall + " and " + perKey);
        }
        this.perKey = perKey;
        this.overallLimit = overall;
        this.overall = new Semaphore(overall);
    }

    /** Empty when admitted (then {@link #exitOnce}), else the limit that is full. */
    public Optional<Full> enter(ApiKey key) {
        Semaphore own = keys.computeIfAbsent(key.name(), k -> new Semaphore(perKey));
        if (!own.tryAcquire()) {
            return Optional.of(Full.KEY);
        }
        if (!overall.tryAcquire()) {
            own.release();
            return Optional.of(Full.OVERALL);
        }
        return Optional.empty();
    }

    /** What ends an admitted request: releases its slots the first time it runs, and does nothing after. */
    public Runnable exitOnce(ApiKey key) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                overall.release();
                keys.get(key.name()).release();
            }
        };
    }

    public int limit(Full which) {
        return which == Full.KEY ? perKey : overallLimit;
    }
}
