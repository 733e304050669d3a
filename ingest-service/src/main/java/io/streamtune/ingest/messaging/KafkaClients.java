package io.streamtune.ingest.messaging;

import io.smallrye.common.annotation.Identifier;
import io.streamtune.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Builds the Kafka clients from every {@code kafka.*} property (bootstrap servers, security, ...) plus what each
 * client needs. The producer's durability settings are fixed here, not configurable.
 */
@ApplicationScoped
public class KafkaClients {

    private final Map<String, Object> common;
    private final IngestConfig config;

    @Inject
    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> common, IngestConfig config) {
        this.common = Map.copyOf(common);
        this.config = config;
    }

    /** The properties of the ingest producer: acks=all, idempotent, bounded by the ack timeout. */
    public Map<String, Object> producerProperties() {
        Map<String, Object> p = new HashMap<>(common);
        p.putAll(config.kafka().producer());
        long ackMs = config.kafka().ackTimeout().toMillis();
        long linger = Long.parseLong(String.valueOf(p.getOrDefault(ProducerConfig.LINGER_MS_CONFIG, "5")));
        // a record not acknowledged within the request's timeout is failed by the client too, so a 503 rarely
        // leaves a record still in flight (a retry with the same ids lands in the same place either way)
        long requestMs = Math.max(1_000, ackMs / 2);
        p.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestMs);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(ackMs, requestMs + linger));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, requestMs);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "streamtune-ingest");
        return p;
    }

    public KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(producerProperties());
    }

    /** A group-less consumer: the caller assigns partitions itself and commits nothing. */
    public KafkaConsumer<byte[], byte[]> consumer(String clientId) {
        Map<String, Object> p = new HashMap<>(common);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    public Admin admin(String clientId) {
        Map<String, Object> p = new HashMap<>(common);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return Admin.create(p);
    }
}
