package io.streamtune.ingest.messaging;

import io.streamtune.contracts.DlqHeaders;
import io.streamtune.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

/** Sends a poison record to {@link Topics#DLQ}: the original key and bytes, with the reason and where it came from. */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final ExampleWriter writer;

    public DeadLetters(ExampleWriter writer) {
        this.writer = writer;
    }

    public CompletableFuture<RecordMetadata> send(ConsumerRecord<byte[], byte[]> poison, String reason, String consumer) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.DLQ, null, poison.key(), poison.value());
        Headers h = r.headers();
        h.add(DlqHeaders.REASON, utf8(reason));
        h.add(DlqHeaders.SOURCE_TOPIC, utf8(poison.topic()));
        h.add(DlqHeaders.SOURCE_PARTITION, utf8(String.valueOf(poison.partition())));
        h.add(DlqHeaders.SOURCE_OFFSET, utf8(String.valueOf(poison.offset())));
        h.add(DlqHeaders.CONSUMER, utf8(consumer));
        LOG.warnf("Poison record %s-%d@%d sent to %s: %s", poison.topic(), poison.partition(), poison.offset(),
                Topics.DLQ, reason);
        return writer.send(r).whenComplete((md, e) -> {
            if (e != null) {
                LOG.errorf("Could not write poison record %s-%d@%d to %s: %s", poison.topic(), poison.partition(),
                        poison.offset(), Topics.DLQ, e.toString());
            }
        });
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
