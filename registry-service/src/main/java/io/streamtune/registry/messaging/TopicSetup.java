package io.streamtune.registry.messaging;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.streamtune.contracts.Topics;
import io.streamtune.registry.config.RegistryConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the topics the registry relies on before its channels start: {@code streamtune.models} compacted (a spec
 * per model, forever), {@code streamtune.evaluations} with enough partitions to spread model ownership over
 * instances, {@code streamtune.promotions}, {@code streamtune.monitoring}, {@code streamtune.quarantines} compacted
 * (the latest state per model and source) and {@code streamtune.dlq}. Existing topics are left as they are.
 */
@ApplicationScoped
public class TopicSetup {

    private static final Logger LOG = Logger.getLogger(TopicSetup.class);

    private final Map<String, Object> kafka;
    private final RegistryConfig config;

    public TopicSetup(@Identifier("default-kafka-broker") Map<String, Object> kafka, RegistryConfig config) {
        this.kafka = kafka;
        this.config = config;
    }

    void create(@Observes @Priority(0) StartupEvent start) {
        if (!config.topics().create()) {
            return;
        }
        Map<String, Object> admin = AdminSettings.of(kafka, null);
        int partitions = config.topics().evaluationPartitions();
        List<NewTopic> topics = List.of(
                new NewTopic(Topics.MODELS, Optional.of(1), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic(Topics.EVALUATIONS, Optional.of(partitions), Optional.empty()),
                new NewTopic(Topics.PROMOTIONS, Optional.of(partitions), Optional.empty()),
                new NewTopic(Topics.MONITORING, Optional.of(partitions), Optional.empty()),
                new NewTopic(Topics.QUARANTINES, Optional.of(1), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic(Topics.DLQ, Optional.of(1), Optional.empty()));
        try (Admin client = Admin.create(admin)) {
            for (NewTopic topic : topics) {
                try {
                    client.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    LOG.infof("Created topic %s (%s partitions)", topic.name(), topic.numPartitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.warnf("Cannot create topic %s: %s", topic.name(), e.getCause().getMessage());
                    }
                }
            }
        } catch (Exception e) {
            LOG.warnf("Cannot create the registry's topics (Kafka unreachable?): %s", e.toString());
        }
    }
}
