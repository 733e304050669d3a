package io.streamtune.evaluator.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes evaluations on {@code streamtune.evaluations}, key = model, and waits for Kafka's acknowledgement. */
@ApplicationScoped
public class EvaluationPublisher {

    private final MutinyEmitter<byte[]> emitter;

    public EvaluationPublisher(@Channel(Channels.EVALUATIONS) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public void publish(CheckpointEvaluated result) {
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(result.model()).build();
        emitter.sendMessageAndAwait(Message.of(EventJson.write(result)).addMetadata(meta));
    }
}
