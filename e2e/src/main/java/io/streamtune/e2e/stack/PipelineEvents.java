package io.streamtune.e2e.stack;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the pipeline announces about one model, read from the start of {@code streamtune.checkpoints},
 * {@code streamtune.evaluations} and {@code streamtune.promotions} by a plain consumer of its own (a fresh group,
 * nothing committed): every checkpoint, evaluation and promotion, as a listener and as lists to wait on.
 */
public final class PipelineEvents implements AutoCloseable {

    /** Called on the consumer's thread, in the order the events are read. */
    public interface Listener {
        default void checkpoint(CheckpointCreated c) {
        }

        default void evaluation(CheckpointEvaluated e) {
        }

        default void promotion(ModelPromoted p) {
        }
    }

    private final String model;
    private final Listener listener;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final List<CheckpointCreated> checkpoints = new CopyOnWriteArrayList<>();
    private final List<CheckpointEvaluated> evaluations = new CopyOnWriteArrayList<>();
    private final List<ModelPromoted> promotions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile RuntimeException failure;

    public PipelineEvents(String bootstrapServers, String model, Listener listener) {
        this.model = model;
        this.listener = listener;
        this.consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers, "streamtune-e2e-" + UUID.randomUUID()));
        consumer.subscribe(List.of(Topics.CHECKPOINTS, Topics.EVALUATIONS, Topics.PROMOTIONS));
        this.thread = new Thread(this::run, "pipeline-events-" + model);
        thread.setDaemon(true);
        thread.start();
    }

    public List<CheckpointCreated> checkpoints() {
        return List.copyOf(checkpoints);
    }

    public List<CheckpointEvaluated> evaluations() {
        return List.copyOf(evaluations);
    }

    public List<ModelPromoted> promotions() {
        return List.copyOf(promotions);
    }

    /** The first checkpoint that matches, waiting up to {@code timeout}. */
    public CheckpointCreated awaitCheckpoint(String what, Duration timeout, Predicate<CheckpointCreated> test) {
        return Waits.until(what, timeout, () -> first(checkpoints, test));
    }

    public CheckpointEvaluated awaitEvaluation(String what, Duration timeout, Predicate<CheckpointEvaluated> test) {
        return Waits.until(what, timeout, () -> first(evaluations, test));
    }

    public ModelPromoted awaitPromotion(String what, Duration timeout, Predicate<ModelPromoted> test) {
        return Waits.until(what, timeout, () -> first(promotions, test));
    }

    private <T> Optional<T> first(List<T> events, Predicate<T> test) {
        if (failure != null) {
            throw failure;
        }
        return events.stream().filter(test).findFirst();
    }

    private void run() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    dispatch(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return;
        }
        try {
            switch (r.topic()) {
                case Topics.CHECKPOINTS -> {
                    CheckpointCreated c = EventJson.read(r.value(), CheckpointCreated.class);
                    if (c.model().equals(model)) {
                        checkpoints.add(c);
                        listener.checkpoint(c);
                    }
                }
                case Topics.EVALUATIONS -> {
                    CheckpointEvaluated e = EventJson.read(r.value(), CheckpointEvaluated.class);
                    if (e.model().equals(model)) {
                        evaluations.add(e);
                        listener.evaluation(e);
                    }
                }
                case Topics.PROMOTIONS -> {
                    ModelPromoted p = EventJson.read(r.value(), ModelPromoted.class);
                    // a move may be announced more than once (a retried send): its event id is the same
                    if (p.model().equals(model)
                            && promotions.stream().noneMatch(q -> q.eventId().equals(p.eventId()))) {
                        promotions.add(p);
                        listener.promotion(p);
                    }
                }
                default -> {
                }
            }
        } catch (RuntimeException e) {
            // another producer's record this reader cannot parse: not this model's business
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The end offsets of a topic, per partition; empty when the topic does not exist. */
    public static Map<Integer, Long> endOffsets(String bootstrapServers, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(bootstrapServers, null))) {
            List<PartitionInfo> partitions = c.partitionsFor(topic, Duration.ofSeconds(30));
            if (partitions == null || partitions.isEmpty()) {
                return Map.of();
            }
            List<TopicPartition> tps = new ArrayList<>();
            partitions.forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            Map<Integer, Long> out = new HashMap<>();
            c.endOffsets(tps, Duration.ofSeconds(30)).forEach((tp, o) -> out.put(tp.partition(), o));
            return out;
        }
    }

    /** How many records of a topic carry each key (per-model topics are keyed by example id), read to its end. */
    public static Map<String, Integer> recordsPerKey(String bootstrapServers, String topic) {
        return read(bootstrapServers, topic).perKey();
    }

    /**
     * What a read_committed consumer finds on a topic: the records per key, and per partition the offset after its
     * last record (where a consumer that has read them all stands; a transaction's commit marker may lie beyond).
     */
    public record TopicRecords(Map<String, Integer> perKey, Map<Integer, Long> afterLast) {

        public long records() {
            return perKey.values().stream().mapToLong(Integer::longValue).sum();
        }

        /** Whether {@code offsets} (next offset per partition, as checkpoints and consumers keep them) hold every record. */
        public boolean coveredBy(Map<Integer, Long> offsets) {
            return afterLast.entrySet().stream().allMatch(e -> offsets.getOrDefault(e.getKey(), 0L) >= e.getValue());
        }
    }

    public static TopicRecords read(String bootstrapServers, String topic) {
        Map<String, Integer> perKey = new HashMap<>();
        Map<Integer, Long> afterLast = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(bootstrapServers, null))) {
            List<TopicPartition> tps = new ArrayList<>();
            c.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> tps.add(new TopicPartition(topic,
                    p.partition())));
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = c.endOffsets(tps, Duration.ofSeconds(30));
            while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                c.poll(Duration.ofMillis(500)).forEach(r -> {
                    perKey.merge(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8), 1, Integer::sum);
                    afterLast.merge(r.partition(), r.offset() + 1, Math::max);
                });
            }
        }
        return new TopicRecords(perKey, afterLast);
    }

    public static long count(String bootstrapServers, String topic) {
        return endOffsets(bootstrapServers, topic).values().stream().mapToLong(Long::longValue).sum();
    }

    static Properties consumerProperties(String bootstrapServers, String groupId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // as the services read: a batch ingest aborted is not there
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        // topics the services create later are found within seconds
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "2000");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "streamtune-e2e");
        return p;
    }
}
