package io.streamtune.ingest.messaging;

import io.smallrye.common.annotation.Identifier;
import io.streamtune.ingest.config.IngestConfig;
import io.streamtune.kit.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Ingest's Kafka clients from every {@code kafka.*} property (bootstrap servers, security, ...) plus what each
 * client needs, on the service kit's {@link KafkaClients}. The producer's durability settings are fixed, not
 * configurable.
 */
@ApplicationScoped
public class IngestClients {

    /** What exactly-once rests on: not overridable by streamtune.ingest.raw.consumer.*. */
    static final java.util.Set<String> FIXED_CONSUMER_KEYS = java.util.Set.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.GROUP_ID_CONFIG,
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);

    private final Map<String, Object> common;
    private final IngestConfig config;

    @Inject
    public IngestClients(@Identifier("default-kafka-broker") Map<String, Object> common, IngestConfig config) {
        this.common = Map.copyOf(common);
        this.config = config;
    }

    /**
     * The properties of the ingest producer: the service kit's durable producer (acks=all, idempotent, bytes) with
     * ingest's own tuning (streamtune.ingest.kafka.producer.*) and timeouts bounded by the ack timeout.
     */
    public Map<String, Object> producerProperties() {
        Map<String, Object> p = new HashMap<>(common);
        p.putAll(config.kafka().producer());
        String clientId = String.valueOf(p.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, "streamtune-ingest"));
        p = new HashMap<>(KafkaClients.producer(p, clientId));
        long ackMs = config.kafka().ackTimeout().toMillis();
        long linger = Long.parseLong(String.valueOf(p.getOrDefault(ProducerConfig.LINGER_MS_CONFIG, "5")));
        // a record not acknowledged within the request's timeout is failed by the client too, so a 503 rarely
        // leaves a record still in flight (a retry with the same ids lands in the same place either way)
        long requestMs = Math.max(1_000, ackMs / 2);
        p.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestMs);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(ackMs, requestMs + linger));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, requestMs);
        return p;
    }

    public KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(producerProperties());
    }

    /**
     * The HTTP path's transactional producer number {@code n}: the producer above with
     * {@code transactional.id = streamtune-ingest-http-<instance>-<n>}, no linger (a request holds its producer
     * alone, so there is no one else's record to wait for) and a transaction timeout of three ack timeouts, which
     * bounds how long a crashed replica's open transaction holds back read_committed readers.
     */
    public Map<String, Object> httpTransactionalProperties(int n) {
        Map<String, Object> p = producerProperties();
        String id = "streamtune-ingest-http-" + instanceId() + "-" + n;
        p.put(ProducerConfig.CLIENT_ID_CONFIG, id);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout().toMillis());
        return p;
    }

    /** How long an HTTP request's transaction may stay open before the broker aborts it. */
    public Duration transactionTimeout() {
        return Duration.ofMillis(Math.max(5_000, 3 * config.kafka().ackTimeout().toMillis()));
    }

    /** This replica's name in its transactional ids: {@code raw.instance-id}, else the host name. */
    public String instanceId() {
        return config.raw().instanceId().orElseGet(IngestClients::hostName);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "ingest";
        }
    }

    /**
     * The raw feedback path's transactional producer: the kit's durable producer with ingest's tuning
     * (streamtune.ingest.kafka.producer.*) and {@code transactional.id = streamtune-ingest-raw-<instance>}.
     */
    public Map<String, Object> transactionalProducerProperties(String instanceId) {
        Map<String, Object> p = new HashMap<>(common);
        p.putAll(config.kafka().producer());
        p = new HashMap<>(KafkaClients.producer(p, "streamtune-ingest-raw-" + instanceId));
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "streamtune-ingest-raw-" + instanceId);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.raw().transactionTimeout().toMillis());
        return p;
    }

    /**
     * The raw topics' consumer: the kit's (read_committed, no auto-commit: offsets go into the producer's
     * transaction) in the raw group, with static membership when the instance id is configured.
     */
    public Map<String, Object> rawConsumerProperties(String instanceId, boolean staticMember) {
        Map<String, Object> p = new HashMap<>(KafkaClients.consumer(common, config.raw().groupId(),
                "streamtune-ingest-raw-" + instanceId));
        config.raw().consumer().forEach((k, v) -> {
            if (!FIXED_CONSUMER_KEYS.contains(k)) {
                p.put(k, v);
            }
        });
        if (staticMember) {
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "streamtune-ingest-raw-" + instanceId);
        }
        return p;
    }


    public Admin admin(String clientId) {
        Map<String, Object> p = new HashMap<>(common);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return Admin.create(p);
    }
}
