package io.streamtune.ingest.messaging;

import io.quarkus.runtime.StartupEvent;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Every model's spec, read from the compacted {@link Topics#MODELS} topic (key = model name, null value = model
 * deleted). Each instance reads every partition from the beginning without a consumer group, so every instance
 * knows every model; it is ready once it has read up to the end offsets it found at start.
 */
@ApplicationScoped
public class ModelSpecCache {

    public static final String CONSUMER = "ingest-service/model-specs";
    private static final Logger LOG = Logger.getLogger(ModelSpecCache.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** How often the partition list is looked up again (a grown topic gets its new partitions read). */
    private static final long REASSIGN_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

    private final KafkaClients clients;
    private final IngestTopics topics;
    private final DeadLetters deadLetters;
    private final Map<String, ModelSpec> specs = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public ModelSpecCache(KafkaClients clients, IngestTopics topics, DeadLetters deadLetters) {
        this.clients = clients;
        this.topics = topics;
        this.deadLetters = deadLetters;
    }

    void start(@Observes StartupEvent ev) {
        thread = new Thread(this::run, "model-spec-cache");
        thread.setDaemon(true);
        thread.start();
    }

    public Optional<ModelSpec> find(String model) {
        return Optional.ofNullable(specs.get(model));
    }

    /** True once every spec present at start has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public boolean alive() {
        return thread != null && thread.isAlive();
    }

    public int size() {
        return specs.size();
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = clients.consumer("streamtune-ingest-model-specs")) {
            consumer = c;
            topics.ensureModelsTopic().exceptionally(e -> {
                LOG.warnf("Could not create %s (the registry may): %s", Topics.MODELS, e.toString());
                return null;
            });
            Map<TopicPartition, Long> endAtStart = null;
            long lastAssign = 0;
            while (running) {
                try {
                    if (c.assignment().isEmpty() || System.nanoTime() - lastAssign > REASSIGN_EVERY_NANOS) {
                        lastAssign = System.nanoTime();
                        if (!assign(c)) {
                            // the broker answered: no topic means no models yet (nothing to wait for)
                            if (!caughtUp) {
                                caughtUp = true;
                                LOG.infof("%s does not exist yet: no models", Topics.MODELS);
                            }
                            Thread.sleep(500);
                            lastAssign = 0;
                            continue;
                        }
                        if (endAtStart == null) {
                            endAtStart = c.endOffsets(c.assignment(), CALL_TIMEOUT);
                        }
                    }
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                        apply(r);
                    }
                    if (!caughtUp && reached(c, endAtStart)) {
                        caughtUp = true;
                        LOG.infof("Model specs loaded: %d model(s) %s", specs.size(), specs.keySet());
                    }
                } catch (WakeupException e) {
                    // stop() woke us up
                } catch (KafkaException e) {
                    LOG.warnf("Reading %s failed, retrying: %s", Topics.MODELS, e.toString());
                    Thread.sleep(1_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("The model spec reader stopped", e);
        }
    }

    /** Assigns every partition of the topic, new ones read from the beginning. False while the topic is missing. */
    private boolean assign(KafkaConsumer<byte[], byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(Topics.MODELS, CALL_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            return false;
        }
        Set<TopicPartition> all = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                .collect(Collectors.toSet());
        if (!all.equals(c.assignment())) {
            Set<TopicPartition> fresh = new HashSet<>(all);
            fresh.removeAll(c.assignment());
            c.assign(all);
            c.seekToBeginning(fresh);
        }
        return true;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        if (end == null) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey(), CALL_TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            deadLetters.send(r, "a model spec record needs the model name as its key", CONSUMER);
            return;
        }
        String name = new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
            if (specs.remove(name) != null) {
                LOG.infof("Model %s deleted", name);
            }
            return;
        }
        ModelSpec spec;
        try {
            spec = EventJson.read(r.value(), ModelSpec.class);
        } catch (IllegalArgumentException e) {
            deadLetters.send(r, "not a valid ModelSpec: " + e.getMessage(), CONSUMER);
            return;
        }
        if (!spec.name().equals(name)) {
            deadLetters.send(r, "the key '" + name + "' differs from the spec's name '" + spec.name() + "'", CONSUMER);
            return;
        }
        ModelSpec previous = specs.put(name, spec);
        LOG.infof("Model %s %s: labels %s, held out %d%%, max %d chars", name, previous == null ? "known" : "updated",
                spec.labels().open() ? "open " + spec.labels().values() : spec.labels().values(),
                spec.heldoutPercent(), spec.maxTextChars());
        topics.ensureExampleTopics(name).exceptionally(e -> null);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(5_000);
        }
    }
}
