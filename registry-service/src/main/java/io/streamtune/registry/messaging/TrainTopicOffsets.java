package io.streamtune.registry.messaging;

import io.smallrye.common.annotation.Identifier;
import io.streamtune.contracts.Topics;
import io.streamtune.registry.training.EndOffsets;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * End offsets of {@code streamtune.<model>.train} through an admin client (needs Describe on the topic), read at
 * most once per {@link #FRESH_FOR} per model so a burst of checkpoints or page loads costs one broker call.
 */
@ApplicationScoped
public class TrainTopicOffsets implements EndOffsets {

    static final Duration FRESH_FOR = Duration.ofSeconds(2);
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private static final Logger LOG = Logger.getLogger(TrainTopicOffsets.class);

    private record Read(long atNanos, Optional<Map<Integer, Long>> offsets) {
    }

    private final Admin admin;
    private final Map<String, Read> cache = new ConcurrentHashMap<>();

    public TrainTopicOffsets(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.admin = Admin.create(AdminSettings.of(kafka, "registry-service-train-offsets"));
    }

    @Override
    public Optional<Map<Integer, Long>> of(String model) {
        Read cached = cache.get(model);
        if (cached != null && System.nanoTime() - cached.atNanos() < FRESH_FOR.toNanos()) {
            return cached.offsets();
        }
        Read read = new Read(System.nanoTime(), read(Topics.train(model)));
        cache.put(model, read);
        return read.offsets();
    }

    private Optional<Map<Integer, Long>> read(String topic) {
        try {
            TopicDescription d = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = d.partitions().stream().collect(Collectors.toMap(
                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            // the trainer reads committed records only: the last stable offset is its end
            Map<Integer, Long> out = new TreeMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> out.put(tp.partition(), info.offset()));
            return Optional.of(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("End offsets of %s unknown: %s", topic, e.toString());
            return Optional.empty();
        }
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
