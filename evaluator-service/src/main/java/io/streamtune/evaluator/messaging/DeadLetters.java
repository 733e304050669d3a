package io.streamtune.evaluator.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.streamtune.contracts.DlqHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends a record that cannot be read to {@code streamtune.dlq}: its key and bytes untouched, the reason in headers. */
@ApplicationScoped
public class DeadLetters {

    static final String CONSUMER = "evaluator-service";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetters(@Channel(Channels.DLQ) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** Waits for Kafka to take it, so the source record is acknowledged only once the DLQ holds it. */
    public void send(ConsumerRecord<byte[], byte[]> record, String reason) {
        LOG.warn("Record {}-{}@{} goes to {}: {}", record.topic(), record.partition(), record.offset(),
                io.streamtune.contracts.Topics.DLQ, reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add(DlqHeaders.REASON, utf8(reason.length() > 2000 ? reason.substring(0, 2000) : reason));
        headers.add(DlqHeaders.SOURCE_TOPIC, utf8(record.topic()));
        headers.add(DlqHeaders.SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(DlqHeaders.SOURCE_OFFSET, utf8(Long.toString(record.offset())));
        headers.add(DlqHeaders.CONSUMER, utf8(CONSUMER));
        OutgoingKafkaRecordMetadata<byte[]> meta = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey(record.key()).withHeaders(headers).build();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        emitter.sendMessageAndAwait(Message.of(value).addMetadata(meta));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
