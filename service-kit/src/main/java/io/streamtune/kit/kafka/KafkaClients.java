package io.streamtune.kit.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Client settings the trainer relies on, on top of the deployment's common client properties (Quarkus's
 * {@code default-kafka-broker} map: every {@code kafka.*} key, so SASL / TLS settings reach every client); byte arrays
 * in and out, JSON is ours to read.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    /** Common client properties naming only the brokers: a broker without authentication (tests, the demo). */
    public static Map<String, Object> at(String bootstrapServers) {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    public static Map<String, Object> consumer(String bootstrapServers, String groupId, String clientId) {
        return consumer(at(bootstrapServers), groupId, clientId);
    }

    public static Map<String, Object> producer(String bootstrapServers, String clientId) {
        return producer(at(bootstrapServers), clientId);
    }

    /**
     * A consumer whose positions the loop owns: no auto-commit (offsets are committed after a checkpoint, for lag
     * only), earliest when a stored position has been deleted by retention, committed records only.
     */
    public static Map<String, Object> consumer(Map<String, Object> common, String groupId, String clientId) {
        Map<String, Object> p = new HashMap<>(common);
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        } else {
            p.remove(ConsumerConfig.GROUP_ID_CONFIG); // a group-less reader: it assigns partitions, commits nothing
        }
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /** Durable writes: acknowledged by every in-sync replica, idempotent. */
    public static Map<String, Object> producer(Map<String, Object> common, String clientId) {
        Map<String, Object> p = new HashMap<>(common);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
