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
import java.util.OptionalLong;

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

    /** Labelled examples produced straight to Kafka, one raw topic per (model, source). */
    Raw raw();

    /**
     * The secret of the train / held-out split (HMAC-SHA256, at least 16 characters): without it no client can pick
     * ids that land in the evaluation set. Required in production (a Secret); every replica needs the same one.
     */
    @WithName("heldout-key")
    String heldoutKey();

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

        /** This key's own examples per second and burst, overriding {@code rate-limit.examples-*}. */
        @WithName("examples-per-second")
        OptionalDouble examplesPerSecond();

        @WithName("examples-burst")
        OptionalLong examplesBurst();

        /** This key's own body bytes per second and burst, overriding {@code rate-limit.bytes-*}. */
        @WithName("bytes-per-second")
        OptionalDouble bytesPerSecond();

        @WithName("bytes-burst")
        OptionalLong bytesBurst();
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

        /** Requests being handled at once, all keys together; one more is answered 503. */
        @WithName("max-in-flight")
        @WithDefault("64")
        int maxInFlight();

        /** Requests of one API key being handled at once; one more is answered 429. */
        @WithName("max-in-flight-per-key")
        @WithDefault("16")
        int maxInFlightPerKey();
    }

    interface RateLimit {
        /** Sustained requests per second per API key. */
        @WithName("requests-per-second")
        @WithDefault("200")
        double requestsPerSecond();

        /** Requests a key may send at once above the sustained rate. */
        @WithDefault("400")
        int burst();

        /** Sustained examples per second per API key, counted as parsed (valid or not). */
        @WithName("examples-per-second")
        @WithDefault("2000")
        double examplesPerSecond();

        /** Examples a key may send at once; at least {@code limits.max-batch}, so any legal batch can pass. */
        @WithName("examples-burst")
        @WithDefault("4000")
        long examplesBurst();

        /** Sustained request-body bytes per second per API key. */
        @WithName("bytes-per-second")
        @WithDefault("8388608")
        double bytesPerSecond();

        /** Body bytes a key may send at once; at least {@code limits.max-body-bytes}. */
        @WithName("bytes-burst")
        @WithDefault("16777216")
        long bytesBurst();
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

        /**
         * Transactional producers of the HTTP path, each with its own {@code transactional.id}
         * ({@code streamtune-ingest-http-<instance-id>-<n>}): this many requests commit at once.
         */
        @WithDefault("8")
        int producers();
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

    interface Raw {
        /**
         * The apps that produce to raw topics, by source name (the {@code source} of their examples), each with the
         * models it writes: ingest reads {@code streamtune.raw.<model>.<source>} for each. The source is never read
         * from a record: only the app granted Write on that topic (a Kafka ACL) can speak as it.
         */
        Map<String, RawSource> sources();

        /** The consumer group of the raw topics, shared by every ingest replica (they split the partitions). */
        @WithName("group-id")
        @WithDefault("streamtune-ingest-raw")
        String groupId();

        /**
         * This replica's stable name: its transactional ids are {@code streamtune-ingest-raw-<instance-id>} and
         * (the HTTP path's) {@code streamtune-ingest-http-<instance-id>-<n>} and, when set, it is its static group
         * membership. Set it where names survive a restart (a StatefulSet): the restarted
         * replica then fences its predecessor's open transaction at once and takes its partitions back without a
         * rebalance. Default: the host name (the pod's), unique per replica.
         */
        @WithName("instance-id")
        Optional<String> instanceId();

        /**
         * How long a transaction may stay open; a crashed replica whose name is not reused holds back read_committed
         * readers of the train and held-out topics this long at most (Kafka's transaction.timeout.ms).
         */
        @WithName("transaction-timeout")
        @WithDefault("30s")
        Duration transactionTimeout();

        /** The wait between rebuilding the consumer and producer after an error. */
        @WithName("retry-backoff")
        @WithDefault("2s")
        Duration retryBackoff();

        /** Extra consumer properties (e.g. {@code "max.poll.records"}); isolation and commits are fixed. */
        Map<String, String> consumer();
    }

    interface RawSource {
        /** The models this source may write. */
        List<String> models();
    }
}
