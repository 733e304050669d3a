package io.streamtune.ingest.messaging;

import io.smallrye.common.annotation.Identifier;
import io.streamtune.ingest.config.IngestConfig;
import io.streamtune.kit.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Ingest's Kafka clients from every {@code kafka.*} property (bootstrap servers, security, ...) plus what each
 * client needs, on the service kit's {@link KafkaClients}. The producer's durability settings are fixed, not
 * configurable.
 */
@ApplicationScoped
public class IngestClients {

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


    public Admin admin(String clientId) {
        Map<String, Object> p = new HashMap<>(common);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return Admin.create(p);
    }
}
