package io.streamtune.registry.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.streamtune.contracts.DlqHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/** Sends a record that cannot be read to {@code streamtune.dlq}: its key and bytes, and why, where from, who. */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetters(@Channel(Channels.DLQ) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public void send(ConsumerRecord<String, byte[]> poison, String reason, String consumer) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DlqHeaders.REASON, utf8(reason));
        headers.add(DlqHeaders.SOURCE_TOPIC, utf8(poison.topic()));
        headers.add(DlqHeaders.SOURCE_PARTITION, utf8(Integer.toString(poison.partition())));
        headers.add(DlqHeaders.SOURCE_OFFSET, utf8(Long.toString(poison.offset())));
        headers.add(DlqHeaders.CONSUMER, utf8(consumer));
        LOG.warnf("Poison record %s-%d@%d sent to the DLQ: %s", poison.topic(), poison.partition(), poison.offset(),
                reason);
        KafkaSend.send(emitter, "a dead letter", poison.key(), poison.value() == null ? new byte[0] : poison.value(),
                headers);
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
