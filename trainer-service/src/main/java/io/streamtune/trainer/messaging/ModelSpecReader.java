package io.streamtune.trainer.messaging;

import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/** Reads the compacted {@code streamtune.models} topic from its beginning to its end: the latest spec of a model. */
public final class ModelSpecReader {

    private static final Logger LOG = Logger.getLogger(ModelSpecReader.class);

    private final Map<String, Object> kafka;

    /** @param kafka the common client properties (see {@link KafkaClients}) */
    public ModelSpecReader(Map<String, Object> kafka) {
        this.kafka = Map.copyOf(kafka);
    }

    /** The model's latest spec; empty when the topic has none (or a tombstone last). */
    public Optional<ModelSpec> latest(String model, Duration timeout) {
        Map<String, Object> props = KafkaClients.consumer(kafka, null, "streamtune-trainer-specs");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = c.partitionsFor(Topics.MODELS, timeout);
            if (infos == null || infos.isEmpty()) {
                return Optional.empty();
            }
            List<TopicPartition> tps = infos.stream().map(p -> new TopicPartition(Topics.MODELS, p.partition()))
                    .toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps, timeout);
            ModelSpec latest = null;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(c, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() == null || !model.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        continue;
                    }
                    if (r.value() == null) {
                        latest = null;
                        continue;
                    }
                    try {
                        ModelSpec spec = EventJson.read(r.value(), ModelSpec.class);
                        if (spec.name().equals(model)) {
                            latest = spec;
                        }
                    } catch (IllegalArgumentException e) {
                        LOG.warnf("%s: ignoring an unreadable spec at %s-%d@%d: %s", model, r.topic(), r.partition(),
                                r.offset(), e.getMessage());
                    }
                }
            }
            return Optional.ofNullable(latest);
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
