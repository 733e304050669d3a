package io.streamtune.ingest.auth;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.runtime.Startup;
import io.streamtune.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Three token buckets per API key (Bucket4j): requests, examples and body bytes per second. A request takes one
 * request token at the gate, its bytes once the body is read and its examples once it is parsed; an empty bucket
 * means 429 with the seconds until it holds enough.
 */
@Startup
@ApplicationScoped
public class RateLimiter {

    /** What a key spends; named in the 429. */
    public enum Budget {
        REQUESTS("requests"), EXAMPLES("examples"), BYTES("body bytes");

        private final String what;

        Budget(String what) {
            this.what = what;
        }

        public String what() {
            return what;
        }
    }

    private final IngestConfig config;
    private final Map<String, Buckets> buckets = new ConcurrentHashMap<>();

    public RateLimiter(IngestConfig config) {
        this.config = config;
        // a bad rate fails the start, not a request
        config.apiKeys().keySet().forEach(this::newBuckets);
    }

    /** Takes a request token for the key; empty when allowed, else the whole seconds to wait before retrying. */
    public OptionalLong tryAcquire(ApiKey key) {
        return tryAcquire(key, Budget.REQUESTS, 1);
    }

    /** Takes {@code amount} tokens of the budget; empty when allowed, else the whole seconds until there are. */
    public OptionalLong tryAcquire(ApiKey key, Budget budget, long amount) {
        if (amount <= 0) {
            return OptionalLong.empty(); // an empty body or batch is refused by the parser, not the budget
        }
        Buckets b = buckets.computeIfAbsent(key.name(), this::newBuckets);
        Bucket bucket = budget == Budget.REQUESTS ? b.requests() : budget == Budget.EXAMPLES ? b.examples() : b.bytes();
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(amount);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        long nanos = probe.getNanosToWaitForRefill();
        return OptionalLong.of(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    private Buckets newBuckets(String keyName) {
        IngestConfig.ApiKey own = config.apiKeys().get(keyName);
        IngestConfig.RateLimit r = config.rateLimit();
        boolean has = own != null;
        double requests = has ? own.requestsPerSecond().orElse(r.requestsPerSecond()) : r.requestsPerSecond();
        long burst = has ? own.burst().orElse(r.burst()) : r.burst();
        double examples = has ? own.examplesPerSecond().orElse(r.examplesPerSecond()) : r.examplesPerSecond();
        long examplesBurst = has ? own.examplesBurst().orElse(r.examplesBurst()) : r.examplesBurst();
        double bytes = has ? own.bytesPerSecond().orElse(r.bytesPerSecond()) : r.bytesPerSecond();
        long bytesBurst = has ? own.bytesBurst().orElse(r.bytesBurst()) : r.bytesBurst();
        String where = " (streamtune.ingest.rate-limit.* or streamtune.ingest.api-keys.\"" + keyName + "\".*)";
        check(requests > 0 && burst >= 1, "The rate limit of API key '" + keyName + "' needs requests-per-second > 0 "
                + "and burst >= 1" + where + ", got " + requests + " and " + burst);
        check(examples > 0 && bytes > 0, "API key '" + keyName + "' needs examples-per-second and bytes-per-second "
                + "> 0" + where + ", got " + examples + " and " + bytes);
        // a burst smaller than one legal request would refuse it for ever
        int maxBatch = config.limits().maxBatch();
        int maxBody = config.limits().maxBodyBytes();
        check(examplesBurst >= maxBatch, "API key '" + keyName + "' needs examples-burst >= limits.max-batch ("
                + maxBatch + ")" + where + ", got " + examplesBurst);
        check(bytesBurst >= maxBody, "API key '" + keyName + "' needs bytes-burst >= limits.max-body-bytes ("
                + maxBody + ")" + where + ", got " + bytesBurst);
        return new Buckets(bucket(requests, burst), bucket(examples, examplesBurst), bucket(bytes, bytesBurst));
    }

    private static Bucket bucket(double perSecond, long capacity) {
        // a fractional rate (0.5/s) is expressed as whole tokens over a longer period
        long periodNanos = Math.max(1, Math.round(1_000_000_000d / perSecond));
        Bandwidth limit = Bandwidth.builder().capacity(capacity).refillGreedy(1, Duration.ofNanos(periodNanos)).build();
        return Bucket.builder().addLimit(limit).build();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private record Buckets(Bucket requests, Bucket examples, Bucket bytes) {
    }
}
