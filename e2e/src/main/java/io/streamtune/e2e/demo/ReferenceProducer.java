package io.streamtune.e2e.demo;

import io.streamtune.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The reference for ingest's speed, measured in the same run on the same broker: Kafka's own producer, with ingest's
 * settings (acks=all, idempotent, linger.ms=5), sending the very records ingest wrote (read back from the model's
 * topics) in the demo's batches, each batch acknowledged before the next goes, as the demo's client waits for each
 * 202. The scratch topic (one per run) is deleted afterwards.
 */
final class ReferenceProducer {

    static final String TOPIC_PREFIX = "streamtune.demo-reference-";

    private ReferenceProducer() {
    }

    /** Records per second; the records are what the model's train and held-out topics hold, up to {@code max}. */
    static double measure(String bootstrap, String model, int batch, int max) throws InterruptedException {
        List<ConsumerRecord<byte[], byte[]>> records = readBack(bootstrap, List.of(Topics.train(model),
                Topics.heldout(model)), max);
        if (records.isEmpty()) {
            return Double.NaN;
        }
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        String topic = TOPIC_PREFIX + System.currentTimeMillis();
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                return send(bootstrap, topic, records, batch);
            } finally {
                a.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the reference producer could not run: " + e.getMessage(), e);
        }
    }

    private static double send(String bootstrap, String topic, List<ConsumerRecord<byte[], byte[]>> records,
            int batch)
            throws InterruptedException, ExecutionException, TimeoutException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            // one record first: metadata and the producer id are fetched outside the timed part, as ingest's are
            producer.send(new ProducerRecord<>(topic, records.get(0).key(), records.get(0).value())).get(30,
                    TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            for (int i = 0; i < records.size(); i += batch) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : records.subList(i, Math.min(i + batch, records.size()))) {
                    acks.add(producer.send(new ProducerRecord<>(topic, r.key(), r.value())));
                }
                for (Future<RecordMetadata> f : acks) {
                    f.get(30, TimeUnit.SECONDS);
                }
            }
            return records.size() / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readBack(String bootstrap, List<String> topics, int max) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (String t : topics) {
                c.partitionsFor(t, Duration.ofSeconds(30)).forEach(i -> tps.add(new TopicPartition(t, i.partition())));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (out.size() < max && System.nanoTime() < deadline
                    && tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (out.size() < max) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }
}
