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
 * Poison records to {@code streamtune.dlq} through the service kit's {@link DeadLetterWriter} (the format every
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
            writer.send(record).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("dead letter for " + record.topic() + " could not be written: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resending a dead letter", e);
        }
    }
}
