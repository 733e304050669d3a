package io.streamtune.evaluator.messaging;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.evaluator.evaluation.ModelSpecs;
import io.streamtune.kit.kafka.DeadLetters;
import io.streamtune.kit.kafka.ModelSpecTable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Model specs from the compacted {@code streamtune.models} topic through the service kit's {@link ModelSpecTable},
 * read whole on every start and followed: a spec updates {@link ModelSpecs}, a tombstone removes it, a record that is
 * no spec goes to the DLQ.
 */
@ApplicationScoped
public class ModelSpecConsumer {

    private final ModelSpecTable table;

    public ModelSpecConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka, ModelSpecs specs,
            DeadLetters deadLetters) {
        this.table = new ModelSpecTable(kafka, "streamtune-evaluator-specs", new ModelSpecTable.Listener() {
            @Override
            public void known(ModelSpec spec, ModelSpec previous) {
                specs.put(spec);
            }

            @Override
            public void deleted(String model) {
                specs.remove(model);
            }

            @Override
            public void poison(ConsumerRecord<byte[], byte[]> record, String reason) {
                deadLetters.sendAndWait(record, reason, Channels.CONSUMER);
            }
        });
    }

    void start(@Observes StartupEvent event) {
        table.start();
    }

    @PreDestroy
    void stop() {
        table.close();
    }
}
