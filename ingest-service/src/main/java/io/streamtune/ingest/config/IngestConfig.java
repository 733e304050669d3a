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

    /** Labelled examples produced straight to Kafka, one raw topic per (model, source). */
    Raw raw();

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
         * This replica's stable name: its transactional.id is {@code streamtune-ingest-raw-<instance-id>} and, when
         * set, its static group membership. Set it where names survive a restart (a StatefulSet): the restarted
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
