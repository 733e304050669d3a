package io.streamtune.evaluator.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.evaluator.evaluation.ModelSpecs;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Model specs from the compacted {@code streamtune.models} topic; a tombstone removes a model's spec. */
@ApplicationScoped
public class ModelSpecConsumer {

    private final ModelSpecs specs;
    private final DeadLetters deadLetters;

    public ModelSpecConsumer(ModelSpecs specs, DeadLetters deadLetters) {
        this.specs = specs;
        this.deadLetters = deadLetters;
    }

    @Incoming(Channels.MODELS)
    @Blocking
    public void consume(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                specs.remove(new String(record.key(), StandardCharsets.UTF_8));
            }
            return;
        }
        try {
            specs.put(EventJson.read(record.value(), ModelSpec.class));
        } catch (IllegalArgumentException e) { // ContractViolationException is one
            deadLetters.send(record, e.getMessage());
        }
    }
}
