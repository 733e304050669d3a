package io.streamtune.kit.kafka;

import io.streamtune.contracts.DlqHeaders;
import io.streamtune.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Writes poison records to {@link Topics#DLQ}, the one format every service uses: the original key and bytes
 * untouched, and in headers ({@link DlqHeaders}) why, where from (topic, partition, offset: a record written twice
 * after a crash is recognised by them) and which consumer refused it. Framework-free, over any producer of bytes.
 */
public final class DeadLetterWriter {

    /** A reason longer than this is cut: a header is no place for a stack trace. */
    static final int MAX_REASON_CHARS = 2_000;

    private static final Logger LOG = Logger.getLogger(DeadLetterWriter.class);

    private final Producer<byte[], byte[]> producer;

    public DeadLetterWriter(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /** Where a poison record was read and who refused it. */
    public record Source(String topic, int partition, long offset, String consumer) {

        public static Source of(ConsumerRecord<?, ?> record, String consumer) {
            return new Source(record.topic(), record.partition(), record.offset(), consumer);
        }
    }

    /** The dead letter for a record read from Kafka; a String key is written as its UTF-8 bytes. */
    public static ProducerRecord<byte[], byte[]> record(ConsumerRecord<?, byte[]> poison, String reason,
            String consumer) {
        return record(Source.of(poison, consumer), keyBytes(poison.key()), poison.value(), reason);
    }

    public static ProducerRecord<byte[], byte[]> record(Source source, byte[] key, byte[] value, String reason) {
        String why = reason == null || reason.isBlank() ? "no reason given" : reason;
        if (why.length() > MAX_REASON_CHARS) {
            why = why.substring(0, MAX_REASON_CHARS - 1) + "…";
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(DlqHeaders.REASON, utf8(why));
        headers.add(DlqHeaders.SOURCE_TOPIC, utf8(source.topic()));
        headers.add(DlqHeaders.SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(DlqHeaders.SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        headers.add(DlqHeaders.CONSUMER, utf8(source.consumer()));
        return new ProducerRecord<>(Topics.DLQ, null, key, value == null ? new byte[0] : value, headers);
    }

    /** Sends it; the future completes when Kafka acknowledged it (the producer's acks) or failed. */
    public CompletableFuture<RecordMetadata> send(ProducerRecord<byte[], byte[]> deadLetter) {
        String where = header(deadLetter, DlqHeaders.SOURCE_TOPIC) + "-" + header(deadLetter,
                DlqHeaders.SOURCE_PARTITION) + "@" + header(deadLetter, DlqHeaders.SOURCE_OFFSET);
        LOG.warnf("Poison record %s goes to %s: %s", where, Topics.DLQ, header(deadLetter, DlqHeaders.REASON));
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        try {
            producer.send(deadLetter, (metadata, error) -> {
                if (error == null) {
                    acked.complete(metadata);
                } else {
                    LOG.errorf("Could not write poison record %s to %s: %s", where, Topics.DLQ, error.toString());
                    acked.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) { // a closed producer, a record over max.request.size, a blocked metadata fetch
            acked.completeExceptionally(e);
        }
        return acked;
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] keyBytes(Object key) {
        if (key == null || key instanceof byte[]) {
            return (byte[]) key;
        }
        return utf8(key.toString());
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
