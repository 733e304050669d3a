package io.streamtune.registry.messaging;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.streamtune.registry.promotion.AnnouncementException;
import java.time.Duration;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Sends one keyed record and waits for the broker's acknowledgement (acks=all). */
final class KafkaSend {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KafkaSend() {
    }

    static void send(MutinyEmitter<byte[]> emitter, String what, String key, byte[] value) {
        send(emitter, what, key, value, new RecordHeaders());
    }

    static void send(MutinyEmitter<byte[]> emitter, String what, String key, byte[] value, Headers headers) {
        Message<byte[]> message = Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(headers).build());
        try {
            emitter.sendMessage(message).await().atMost(TIMEOUT);
        } catch (RuntimeException e) {
            throw new AnnouncementException("Kafka did not acknowledge " + what + ": " + e.getMessage(), e);
        }
    }
}
