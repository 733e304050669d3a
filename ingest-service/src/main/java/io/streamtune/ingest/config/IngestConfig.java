package io.streamtune.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Everything ingest-service reads from {@code streamtune.ingest.*}; Kafka itself comes from {@code kafka.*}. */
@ConfigMapping(prefix = "streamtune.ingest")
public interface IngestConfig {

    /** API keys by name; the name becomes each example's {@code source}. */
    @WithName("api-keys")
    Map<String, ApiKey> apiKeys();

    Limits limits();

    @WithName("rate-limit")
    RateLimit rateLimit();

    Kafka kafka();

    Topics topics();

    interface ApiKey {
        /** Hex SHA-256 of the key's plaintext; the plaintext itself is never configured. */
        String sha256();

        /** Models this key may write, or {@code *} for every model. */
        List<String> models();

        /** This key's own request rate, overriding {@code rate-limit.requests-per-second}. */
        @WithName("requests-per-second")
        OptionalDouble requestsPerSecond();

        /** This key's own burst, overriding {@code rate-limit.burst}. */
        OptionalInt burst();
    }

    interface Limits {
        /** Largest accepted request body, in bytes. */
        @WithName("max-body-bytes")
        @WithDefault("4194304")
        int maxBodyBytes();

        /** Most examples in one request. */
        @WithName("max-batch")
        @WithDefault("1000")
        int maxBatch();
    }

    interface RateLimit {
        /** Sustained requests per second per API key. */
        @WithName("requests-per-second")
        @WithDefault("200")
        double requestsPerSecond();

        /** Requests a key may send at once above the sustained rate. */
        @WithDefault("400")
        int burst();
    }

    interface Kafka {
        /** How long a request waits for Kafka to acknowledge every record before answering 503. */
        @WithName("ack-timeout")
        @WithDefault("10s")
        Duration ackTimeout();

        /** The Retry-After given with a 503. */
        @WithName("retry-after")
        @WithDefault("5s")
        Duration retryAfter();

        /** Extra producer properties (e.g. {@code "linger.ms"}); acks and idempotence are fixed. */
        Map<String, String> producer();
    }

    interface Topics {
        /** Create {@code streamtune.<model>.train|heldout} (and a missing {@code streamtune.models}) on first use. */
        @WithDefault("true")
        boolean create();

        /** Partitions of a created per-model topic. */
        @WithDefault("1")
        int partitions();

        /** Replication factor of a created topic; absent = the broker's default. */
        @WithName("replication-factor")
        Optional<Short> replicationFactor();
    }
}
