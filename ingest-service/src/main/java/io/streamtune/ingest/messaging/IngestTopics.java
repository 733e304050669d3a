package io.streamtune.ingest.messaging;

import io.streamtune.contracts.Topics;
import io.streamtune.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the topics ingest writes to when they do not exist yet, once per model per process: production
 * clusters often disable auto-creation, and the partition count should be chosen, not defaulted.
 */
@ApplicationScoped
public class IngestTopics {

    private static final Logger LOG = Logger.getLogger(IngestTopics.class);

    private final IngestConfig.Topics config;
    private final Duration timeout;
    private final Admin admin;
    private final Map<String, CompletableFuture<Void>> ensured = new ConcurrentHashMap<>();

    public IngestTopics(IngestConfig config, IngestClients clients) {
        this.config = config.topics();
        this.timeout = config.kafka().ackTimeout();
        this.admin = this.config.create() ? clients.admin("streamtune-ingest-admin") : null;
    }

    /** {@code streamtune.<model>.train} and {@code .heldout}; completes when both exist (or creation is off). */
    public CompletableFuture<Void> ensureExampleTopics(String model) {
        return ensure(model, () -> List.of(
                new NewTopic(Topics.train(model), Optional.of(config.partitions()), config.replicationFactor()),
                new NewTopic(Topics.heldout(model), Optional.of(config.partitions()), config.replicationFactor())));
    }

    /** Raw feedback topics, created like the example topics (apps only write them: an ACL grants no Create). */
    public CompletableFuture<Void> ensureTopics(List<String> names) {
        return ensure(String.join(",", names), () -> names.stream()
                .map(t -> new NewTopic(t, Optional.of(config.partitions()), config.replicationFactor())).toList());
    }

    /** The compacted model-spec topic, in case ingest starts before the registry ever wrote to it. */
    public CompletableFuture<Void> ensureModelsTopic() {
        return ensure(Topics.MODELS, () -> List.of(
                new NewTopic(Topics.MODELS, Optional.of(1), config.replicationFactor())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
    }

    private CompletableFuture<Void> ensure(String key, java.util.function.Supplier<List<NewTopic>> topics) {
        if (admin == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = ensured.computeIfAbsent(key, k -> create(topics.get()));
        // a failure is not remembered: the next request tries again
        f.whenComplete((ok, e) -> {
            if (e != null) {
                ensured.remove(key, f);
            }
        });
        return f;
    }

    private CompletableFuture<Void> create(List<NewTopic> topics) {
        CreateTopicsOptions options = new CreateTopicsOptions().timeoutMs((int) timeout.toMillis());
        Map<String, KafkaFuture<Void>> results = admin.createTopics(topics, options).values();
        CompletableFuture<?>[] each = results.entrySet().stream()
                .map(e -> e.getValue().toCompletionStage().toCompletableFuture()
                        .handle((ok, ex) -> {
                            Throwable cause = ex instanceof java.util.concurrent.CompletionException ? ex.getCause() : ex;
                            if (cause == null) {
                                LOG.infof("Created topic %s", e.getKey());
                                return null;
                            }
                            if (cause instanceof TopicExistsException) {
                                return null;
                            }
                            throw new java.util.concurrent.CompletionException(cause);
                        }))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(each);
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
