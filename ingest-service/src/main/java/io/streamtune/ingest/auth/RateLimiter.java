package io.streamtune.ingest.auth;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.streamtune.ingest.config.IngestConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** One token bucket per API key (Bucket4j): a request takes one token; an empty bucket means 429. */
@Startup
@ApplicationScoped
public class RateLimiter {

    private final IngestConfig config;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(IngestConfig config) {
        this.config = config;
        // a bad rate fails the start, not a request
        config.apiKeys().keySet().forEach(this::newBucket);
    }

    /** Takes a token for the key; empty when allowed, else the whole seconds to wait before retrying. */
    public OptionalLong tryAcquire(ApiKey key) {
        ConsumptionProbe probe = buckets.computeIfAbsent(key.name(), this::newBucket).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        long nanos = probe.getNanosToWaitForRefill();
        return OptionalLong.of(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    private Bucket newBucket(String keyName) {
        IngestConfig.ApiKey own = config.apiKeys().get(keyName);
        double rate = own != null && own.requestsPerSecond().isPresent() ? own.requestsPerSecond().getAsDouble()
                : config.rateLimit().requestsPerSecond();
        int burst = own != null && own.burst().isPresent() ? own.burst().getAsInt() : config.rateLimit().burst();
        if (rate <= 0 || burst < 1) {
            throw new IllegalArgumentException("The rate limit of API key '" + keyName
                    + "' needs requests-per-second > 0 and burst >= 1 (streamtune.ingest.rate-limit.* or "
                    + "streamtune.ingest.api-keys.\"" + keyName + "\".*), got " + rate + " and " + burst);
        }
        // a fractional rate (0.5/s) is expressed as whole tokens over a longer period
        long periodNanos = Math.max(1, Math.round(1_000_000_000d / rate));
        Bandwidth limit = Bandwidth.builder().capacity(burst).refillGreedy(1, Duration.ofNanos(periodNanos)).build();
        return Bucket.builder().addLimit(limit).build();
    }
}
