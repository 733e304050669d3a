package io.streamtune.trainer;

import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.S3Endpoint;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3Settings;
import io.streamtune.kit.kafka.KafkaClients;
import io.streamtune.training.Ledger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/** The real broker and S3 server of this test run, with the few operations the trainer's tests need. */
public final class RealStreams {

    private RealStreams() {
    }

    public static String bootstrap() {
        return RealServers.kafka().bootstrapServers();
    }

    /** A model name of its own for a test, so tests share the servers but no topic or checkpoint. */
    public static String freshModel(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static S3Settings freshBuckets() {
        S3Endpoint s3 = RealServers.s3();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return new S3Settings(URI.create(s3.endpoint()), s3.accessKey(), s3.secretKey(), s3.region(),
                "ck-" + suffix, "models-" + suffix);
    }

    public static void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void publishSpec(ModelSpec spec) {
        createTopic(Topics.MODELS, 1);
        send(List.of(new ProducerRecord<>(Topics.MODELS, utf8(spec.name()), EventJson.write(spec))));
    }

    /** Examples to the model's train topic, keyed by id (the partitioner spreads them). */
    public static void produce(String model, List<LabelledExample> examples) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (LabelledExample e : examples) {
            records.add(new ProducerRecord<>(Topics.train(model), utf8(e.id()), EventJson.write(e)));
        }
        send(records);
    }

    public static void send(List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(KafkaClients.producer(bootstrap(), "test"))) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                p.send(r);
            }
            p.flush();
        }
    }

    /** Every record of a topic now, from the beginning. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(KafkaClients.consumer(bootstrap(), null,
                "test-reader"))) {
            List<TopicPartition> tps = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    public static Map<Integer, Long> endOffsets(String topic) {
        try (Admin admin = admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .size();
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                ask.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<Integer, Long> out = new HashMap<>();
            admin.listOffsets(ask).all().get().forEach((tp, info) -> out.put(tp.partition(), info.offset()));
            return out;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<Integer, Long> committed(String group) {
        try (Admin admin = admin()) {
            Map<Integer, Long> out = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, om) -> out.put(tp.partition(), om.offset()));
            return out;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Commits offsets for a group as if some other consumer had, to show the trainer never reads them. */
    public static void commitForGroup(String group, String topic, Map<Integer, Long> offsets) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(KafkaClients.consumer(bootstrap(), group,
                "test-committer"))) {
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            offsets.forEach((p, o) -> commit.put(new TopicPartition(topic, p), new OffsetAndMetadata(o)));
            c.assign(commit.keySet());
            c.commitSync(commit);
        }
    }

    /** The chain of checkpoints that leads to the latest one, oldest first. */
    public static List<CheckpointManifest> chain(ArtifactStore store, String model) {
        Map<String, CheckpointManifest> byId = new HashMap<>();
        store.listCheckpoints(model).forEach(m -> byId.put(m.checkpointId(), m));
        List<CheckpointManifest> out = new ArrayList<>();
        Optional<CheckpointManifest> at = store.latestCheckpoint(model);
        while (at.isPresent()) {
            out.add(0, at.get());
            String parent = at.get().parentCheckpointId();
            at = parent == null ? Optional.empty() : Optional.ofNullable(byId.get(parent));
        }
        return out;
    }

    public static Ledger ledger(ArtifactStore store, String model, String checkpointId, Path dir) {
        try {
            Path target = dir.resolve(checkpointId);
            store.downloadCheckpoint(model, checkpointId, target);
            return EventJson.mapper().readValue(target.resolve(Ledger.FILE_NAME).toFile(), Ledger.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }
}
