package io.streamtune.ingest.messaging;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import io.streamtune.kit.kafka.DeadLetters;
import io.streamtune.kit.kafka.ModelSpecTable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Every model's spec, from the service kit's {@link ModelSpecTable} over the compacted {@link Topics#MODELS} topic;
 * a model becoming known gets its example topics created, a record that is no spec goes to the DLQ.
 */
@ApplicationScoped
public class ModelSpecCache {

    public static final String CONSUMER = "ingest-service/model-specs";
    private static final Logger LOG = Logger.getLogger(ModelSpecCache.class);

    private final ModelSpecTable table;
    private final IngestTopics topics;

    public ModelSpecCache(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestTopics topics,
            DeadLetters deadLetters) {
        this.topics = topics;
        this.table = new ModelSpecTable(kafka, "streamtune-ingest-model-specs", new ModelSpecTable.Listener() {
            @Override
            public void known(ModelSpec spec, ModelSpec previous) {
                topics.ensureExampleTopics(spec.name()).exceptionally(e -> null);
            }

            @Override
            public void poison(ConsumerRecord<byte[], byte[]> record, String reason) {
                deadLetters.send(record, reason, CONSUMER);
            }
        });
    }

    void start(@Observes StartupEvent ev) {
        topics.ensureModelsTopic().exceptionally(e -> {
            LOG.warnf("Could not create %s (the registry may): %s", Topics.MODELS, e.toString());
            return null;
        });
        table.start();
    }

    public Optional<ModelSpec> find(String model) {
        return table.find(model);
    }

    /** True once every spec present at start has been read. */
    public boolean caughtUp() {
        return table.caughtUp();
    }

    public boolean alive() {
        return table.alive();
    }

    public int size() {
        return table.size();
    }

    @PreDestroy
    void stop() {
        table.close();
    }
}
