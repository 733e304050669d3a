package io.streamtune.evaluator.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.MonitoringReport;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes monitoring reports on {@code streamtune.monitoring}, key = model, and waits for Kafka's acknowledgement. */
@ApplicationScoped
public class MonitoringPublisher {

    private final MutinyEmitter<byte[]> emitter;

    public MonitoringPublisher(@Channel(Channels.MONITORING) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public void publish(MonitoringReport report) {
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(report.model()).build();
        emitter.sendMessageAndAwait(Message.of(EventJson.write(report)).addMetadata(meta));
    }
}
