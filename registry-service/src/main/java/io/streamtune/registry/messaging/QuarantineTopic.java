package io.streamtune.registry.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.SourceQuarantined;
import io.streamtune.contracts.Topics;
import io.streamtune.kit.kafka.KafkaClients;
import io.streamtune.registry.promotion.AnnouncementException;
import io.streamtune.registry.quarantine.QuarantineLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * {@code streamtune.quarantines} (compacted, key {@code <model>/<source>}): written through the {@code quarantines}
 * channel (acks=all), read back whole by a reader outside any group on every call (a small topic: one record per
 * quarantined source), so every instance answers from the topic as it is. A tombstone forgets a source.
 */
@ApplicationScoped
public class QuarantineTopic implements QuarantineLog {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Object> kafka;
    private final MutinyEmitter<byte[]> emitter;

    public QuarantineTopic(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @Channel(Channels.QUARANTINES) MutinyEmitter<byte[]> emitter) {
        this.kafka = KafkaClients.consumer(kafka, null, "registry-service-quarantines");
        this.emitter = emitter;
    }

    @Override
    public Map<String, SourceQuarantined> read(String model) {
        String prefix = model + "/";
        Map<String, SourceQuarantined> out = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(kafka)) {
            List<TopicPartition> partitions = c.partitionsFor(Topics.QUARANTINES, TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                return out;
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> c.position(tp, TIMEOUT) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading " + Topics.QUARANTINES + " up to " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (!key.startsWith(prefix) || r.offset() >= end.get(new TopicPartition(r.topic(),
                            r.partition()))) {
                        continue;
                    }
                    String source = key.substring(prefix.length());
                    if (r.value() == null) {
                        out.remove(source);
                        continue;
                    }
                    try {
                        SourceQuarantined q = EventJson.read(r.value(), SourceQuarantined.class);
                        if (q.model().equals(model) && q.source().equals(source)) {
                            out.put(source, q);
                        }
                    } catch (IllegalArgumentException poison) {
                        // not a record of ours: the key's previous state stands
                    }
                }
            }
            return out;
        } catch (KafkaException e) { // a TimeoutException too
            throw new AnnouncementException("Cannot read " + Topics.QUARANTINES + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(SourceQuarantined record) {
        KafkaSend.send(emitter, "the " + record.state() + " record of source " + record.source() + " of "
                + record.model(), record.key(), EventJson.write(record));
    }
}
