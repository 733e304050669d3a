package io.streamtune.kit.kafka;

import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
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
 * Every model's latest spec, read from the compacted {@link Topics#MODELS} topic (key = model name, null value = the
 * model was deleted) and followed from then on: the one reader of the table for every service. Each instance reads
 * every partition from the beginning without a consumer group (so every instance knows every model, and nothing is
 * committed); it has {@linkplain #caughtUp() caught up} once it has read to the end offsets it found at start, or
 * found no topic. Partitions added to the topic later are picked up within {@link #REASSIGN_EVERY}. Records it
 * cannot use (no key, not a spec, a key naming another model) go to the listener's {@link Listener#poison}.
 */
public final class ModelSpecTable implements AutoCloseable {

    /** What a service does with the table's changes; called on the table's thread, in topic order per model. */
    public interface Listener {

        default void known(ModelSpec spec, ModelSpec previous) {
        }

        default void deleted(String model) {
        }

        default void poison(ConsumerRecord<byte[], byte[]> record, String reason) {
        }
    }

    static final Duration REASSIGN_EVERY = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(ModelSpecTable.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, Object> kafka;
    private final String topic;
    private final String clientId;
    private final Listener listener;
    private final Map<String, ModelSpec> specs = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /** @param kafka the common client properties (every {@code kafka.*} setting, see {@link KafkaClients}) */
    public ModelSpecTable(Map<String, Object> kafka, String clientId, Listener listener) {
        this(kafka, Topics.MODELS, clientId, listener);
    }

    ModelSpecTable(Map<String, Object> kafka, String topic, String clientId, Listener listener) {
        this.kafka = Map.copyOf(kafka);
        this.topic = topic;
        this.clientId = clientId;
        this.listener = listener;
    }

    public synchronized ModelSpecTable start() {
        if (thread == null) {
            thread = new Thread(this::run, clientId);
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    public Optional<ModelSpec> find(String model) {
        return Optional.ofNullable(specs.get(model));
    }

    /**
     * The model's spec once the table has caught up; empty when it has not within {@code timeout}, or the topic has
     * no spec of the model (or a tombstone last).
     */
    public Optional<ModelSpec> await(String model, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!caughtUp) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
        }
        return find(model);
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

    public Set<String> models() {
        return Set.copyOf(specs.keySet());
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(KafkaClients.consumer(kafka, null, clientId))) {
            consumer = c;
            Map<TopicPartition, Long> endAtStart = null;
            long lastAssign = 0;
            while (running) {
                try {
                    if (c.assignment().isEmpty() || System.nanoTime() - lastAssign > REASSIGN_EVERY.toNanos()) {
                        lastAssign = System.nanoTime();
                        if (!assign(c)) {
                            // the broker answered: no topic means no models yet (nothing to wait for)
                            if (!caughtUp) {
                                LOG.infof("%s does not exist yet: no models", topic);
                                markCaughtUp();
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
                        LOG.infof("Model specs loaded from %s: %d model(s) %s", topic, specs.size(), specs.keySet());
                        markCaughtUp();
                    }
                } catch (WakeupException e) {
                    // close() woke us up
                } catch (KafkaException e) {
                    LOG.warnf("Reading %s failed, retrying: %s", topic, e.toString());
                    Thread.sleep(1_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("The model spec reader stopped", e);
        }
    }

    private void markCaughtUp() {
        synchronized (progress) {
            caughtUp = true;
            progress.notifyAll();
        }
    }

    /** Assigns every partition of the topic, new ones read from the beginning. False while the topic is missing. */
    private boolean assign(KafkaConsumer<byte[], byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic, CALL_TIMEOUT);
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
            listener.poison(r, "a model spec record needs the model name as its key");
            return;
        }
        String name = new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
            if (specs.remove(name) != null) {
                LOG.infof("Model %s deleted", name);
                listener.deleted(name);
            }
            return;
        }
        ModelSpec spec;
        try {
            spec = EventJson.read(r.value(), ModelSpec.class);
        } catch (IllegalArgumentException e) { // ContractViolationException is one
            listener.poison(r, "not a valid ModelSpec: " + e.getMessage());
            return;
        }
        if (!spec.name().equals(name)) {
            listener.poison(r, "the key '" + name + "' differs from the spec's name '" + spec.name() + "'");
            return;
        }
        ModelSpec previous = specs.put(name, spec);
        LOG.infof("Model %s %s: labels %s, held out %d%%, max %d chars", name, previous == null ? "known" : "updated",
                spec.labels().open() ? "open " + spec.labels().values() : spec.labels().values(),
                spec.heldoutPercent(), spec.maxTextChars());
        listener.known(spec, previous);
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
