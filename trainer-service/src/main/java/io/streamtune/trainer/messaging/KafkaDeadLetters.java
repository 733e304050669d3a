package io.streamtune.trainer.messaging;

import io.streamtune.contracts.DlqHeaders;
import io.streamtune.contracts.Topics;
import io.streamtune.trainer.training.DeadLetterSink;
import io.streamtune.trainer.training.Incoming;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Poison records to {@code streamtune.dlq}: the original key and bytes, the reason and where they came from in
 * headers. Sends are asynchronous; {@link #flush()} (before every checkpoint) waits for all of them and resends what
 * failed, so a checkpoint never moves past a poison record that is not in the dead-letter topic. After a crash the
 * records since the last checkpoint are read again, so the topic holds a record at least once: its source headers
 * (topic, partition, offset) identify duplicates.
 */
public final class KafkaDeadLetters implements DeadLetterSink {

    public static final String CONSUMER_NAME = "trainer-service";

    private final Producer<byte[], byte[]> producer;
    private final List<Pending> pending = new ArrayList<>();

    private record Pending(ProducerRecord<byte[], byte[]> record, Future<RecordMetadata> sent) {
    }

    public KafkaDeadLetters(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    @Override
    public synchronized void send(String model, Incoming poison) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DlqHeaders.REASON, utf8(poison.poisonReason()));
        headers.add(DlqHeaders.SOURCE_TOPIC, utf8(Topics.train(model)));
        headers.add(DlqHeaders.SOURCE_PARTITION, utf8(Integer.toString(poison.partition())));
        headers.add(DlqHeaders.SOURCE_OFFSET, utf8(Long.toString(poison.offset())));
        headers.add(DlqHeaders.CONSUMER, utf8(CONSUMER_NAME));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.DLQ, null, poison.key(), poison.value(),
                headers);
        pending.add(new Pending(record, producer.send(record)));
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
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("dead letter for " + record.topic() + " could not be written: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resending a dead letter", e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
