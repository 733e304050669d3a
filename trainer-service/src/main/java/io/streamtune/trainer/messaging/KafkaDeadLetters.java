package io.streamtune.trainer.messaging;

import io.streamtune.contracts.Topics;
import io.streamtune.kit.kafka.DeadLetterWriter;
import io.streamtune.training.DeadLetterSink;
import io.streamtune.training.Incoming;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Poison records to {@code streamtune.dlq}, and quarantined sources' examples to {@code streamtune.<model>.quarantine}, through the service kit's {@link DeadLetterWriter} (the format every
 * service writes). Sends are asynchronous; {@link #flush()} (before every checkpoint) waits for all of them and
 * resends what failed, so a checkpoint never moves past a poison record that is not in the dead-letter topic. After a
 * crash the records since the last checkpoint are read again, so the topic holds a record at least once: its source
 * headers (topic, partition, offset) identify duplicates.
 */
public final class KafkaDeadLetters implements DeadLetterSink {

    public static final String CONSUMER_NAME = "trainer-service";

    private final Producer<byte[], byte[]> producer;
    private final DeadLetterWriter writer;
    private final List<Pending> pending = new ArrayList<>();

    private record Pending(ProducerRecord<byte[], byte[]> record, CompletableFuture<RecordMetadata> sent) {
    }

    /** The reason header of a quarantined example. */
    static String quarantineReason(Incoming example) {
        return "quarantined source " + example.example().source();
    }

    public KafkaDeadLetters(Producer<byte[], byte[]> producer) {
        this.producer = producer;
        this.writer = new DeadLetterWriter(producer);
    }

    @Override
    public synchronized void send(String model, Incoming poison) {
        ProducerRecord<byte[], byte[]> record = DeadLetterWriter.record(new DeadLetterWriter.Source(
                Topics.train(model), poison.partition(), poison.offset(), CONSUMER_NAME), poison.key(),
                poison.value(), poison.poisonReason());
        pending.add(new Pending(record, writer.send(record)));
    }

    /**
     * Keeps a quarantined source's example on {@code streamtune.<model>.quarantine} (key = example id, the example as
     * JSON, the dead letter's headers: its train topic position and why), acknowledged by {@link #flush()}.
     */
    @Override
    public synchronized void quarantine(String model, Incoming example) {
        ProducerRecord<byte[], byte[]> letter = DeadLetterWriter.record(new DeadLetterWriter.Source(
                Topics.train(model), example.partition(), example.offset(), CONSUMER_NAME),
                example.example().id().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                io.streamtune.contracts.EventJson.write(example.example()), quarantineReason(example));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.quarantine(model), null, letter.key(),
                letter.value(), letter.headers());
        pending.add(new Pending(record, sendTo(record)));
    }

    private CompletableFuture<RecordMetadata> sendTo(ProducerRecord<byte[], byte[]> record) {
        if (record.topic().equals(Topics.DLQ)) {
            return writer.send(record);
        }
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                acked.complete(metadata);
            } else {
                acked.completeExceptionally(error);
            }
        });
        return acked;
    }

    @Override
    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        producer.flush();
        for (Pending p : pending) {
            try {
                p.sent().get();
            } catch (ExecutionException e) {
                resend(p.record());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while flushing dead letters", e);
            }
        }
        pending.clear();
    }

    private void resend(ProducerRecord<byte[], byte[]> record) {
        try {
            sendTo(record).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("dead letter for " + record.topic() + " could not be written: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resending a dead letter", e);
        }
    }
}
