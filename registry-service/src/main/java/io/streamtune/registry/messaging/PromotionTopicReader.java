package io.streamtune.registry.messaging;

import io.smallrye.common.annotation.Identifier;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.contracts.Topics;
import io.streamtune.kit.kafka.KafkaClients;
import io.streamtune.registry.promotion.AnnouncedPromotions;
import io.streamtune.registry.promotion.AnnouncementException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads a model's last announcement back from {@code streamtune.promotions}: a reader outside any group on the
 * partition its key goes to, walking back from the end a window at a time. Used only to recover (at a start, after
 * a failed send), so each call opens and closes its own consumer.
 */
@ApplicationScoped
public class PromotionTopicReader implements AnnouncedPromotions {

    static final int WINDOW = 500;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Object> kafka;

    /** @param kafka the common client settings (Quarkus's default-kafka-broker map, or {@link KafkaClients#at}) */
    public PromotionTopicReader(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.kafka = KafkaClients.consumer(kafka, null, "registry-service-announcements");
    }

    @Override
    public Optional<ModelPromoted> last(String model) {
        byte[] key = model.getBytes(StandardCharsets.UTF_8);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(kafka)) {
            List<PartitionInfo> partitions = c.partitionsFor(Topics.PROMOTIONS, TIMEOUT);
            if (partitions.isEmpty()) {
                return Optional.empty();
            }
            // the producer's default partitioner: murmur2 of the key
            TopicPartition tp = new TopicPartition(Topics.PROMOTIONS, Utils.toPositive(Utils.murmur2(key))
                    % partitions.size());
            c.assign(List.of(tp));
            long start = c.beginningOffsets(List.of(tp), TIMEOUT).get(tp);
            long end = c.endOffsets(List.of(tp), TIMEOUT).get(tp);
            for (long to = end; to > start; to = Math.max(start, to - WINDOW)) {
                Optional<ModelPromoted> found = lastIn(c, tp, Math.max(start, to - WINDOW), to, model);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        } catch (KafkaException e) { // a TimeoutException too
            throw new AnnouncementException("Cannot read the announcements of " + model + ": " + e.getMessage(), e);
        }
    }

    private static Optional<ModelPromoted> lastIn(KafkaConsumer<byte[], byte[]> c, TopicPartition tp, long from,
            long to, String model) {
        c.seek(tp, from);
        ModelPromoted last = null;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (c.position(tp, TIMEOUT) < to) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("reading " + tp + " up to offset " + to);
            }
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                if (r.offset() < to && r.key() != null && model.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                    last = read(r).filter(e -> e.model().equals(model)).orElse(last);
                }
            }
        }
        return Optional.ofNullable(last);
    }

    private static Optional<ModelPromoted> read(ConsumerRecord<byte[], byte[]> r) {
        try {
            return Optional.of(EventJson.read(r.value(), ModelPromoted.class));
        } catch (IllegalArgumentException | NullPointerException poison) {
            return Optional.empty();
        }
    }
}
