package io.streamtune.e2e.fuzz;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The end offset of every partition of every topic on the broker but Kafka's own internal ones
 * ({@code __consumer_offsets}, {@code __transaction_state}, which the services' consumer groups and producers move
 * by themselves). Two readings tell how many records were written between them, on old topics and new ones.
 */
public record TopicOffsets(Map<TopicPartition, Long> ends) {

    public TopicOffsets {
        ends = Map.copyOf(ends);
    }

    public static TopicOffsets read(Admin admin) throws InterruptedException {
        try {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) -> d.partitions()
                    .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp,
                    info.offset()));
            return new TopicOffsets(ends);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the topics' end offsets", e);
        }
    }

    public Set<String> topics() {
        return ends.keySet().stream().map(TopicPartition::topic).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Records written since {@code before}: the growth of every partition, a new partition's whole end offset. */
    public long writtenSince(TopicOffsets before) {
        return ends.entrySet().stream().mapToLong(e -> e.getValue() - before.ends.getOrDefault(e.getKey(), 0L)).sum();
    }

    /** Per topic, the records written since {@code before}, for the topics that got any. */
    public Map<String, Long> growthSince(TopicOffsets before) {
        Map<String, Long> out = new java.util.TreeMap<>();
        ends.forEach((tp, end) -> {
            long grew = end - before.ends.getOrDefault(tp, 0L);
            if (grew != 0) {
                out.merge(tp.topic(), grew, Long::sum);
            }
        });
        return out;
    }
}
