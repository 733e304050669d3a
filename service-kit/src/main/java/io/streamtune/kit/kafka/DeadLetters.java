package io.streamtune.kit.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's dead-letter writer: a {@link DeadLetterWriter} over a durable producer (acks=all, idempotent) built
 * from every {@code kafka.*} property, so it authenticates like the service's other clients. Created on first use.
 */
@ApplicationScoped
public class DeadLetters {

    /** How long {@link #sendAndWait} waits for the acknowledgement. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> kafka;
    private final String clientId;
    private Producer<byte[], byte[]> producer;
    private DeadLetterWriter writer;

    DeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "streamtune") String application) {
        this.kafka = Map.copyOf(kafka);
        this.clientId = application + "-dlq";
    }

    /** Sends a record this service cannot read, without waiting. */
    public CompletableFuture<RecordMetadata> send(ConsumerRecord<?, byte[]> poison, String reason, String consumer) {
        return writer().send(DeadLetterWriter.record(poison, reason, consumer));
    }

    /**
     * Sends it and waits for Kafka's acknowledgement, so the caller acknowledges the source record only once the
     * dead-letter topic holds it; throws {@link IllegalStateException} when Kafka does not take it in time.
     */
    public RecordMetadata sendAndWait(ConsumerRecord<?, byte[]> poison, String reason, String consumer) {
        try {
            return send(poison, reason, consumer).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Kafka did not acknowledge the dead letter for " + poison.topic() + "-"
                    + poison.partition() + "@" + poison.offset() + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a dead letter", e);
        }
    }

    private synchronized DeadLetterWriter writer() {
        if (writer == null) {
            producer = new KafkaProducer<>(KafkaClients.producer(kafka, clientId));
            writer = new DeadLetterWriter(producer);
        }
        return writer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
