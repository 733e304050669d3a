package io.streamtune.registry.support;

import io.streamtune.contracts.EventJson;
import io.streamtune.localstack.test.RealServers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients on the test broker: what an evaluator publishes, what an app reads. */
public final class TestKafka {

    private static KafkaProducer<String, byte[]> producer;

    private TestKafka() {
    }

    public static String bootstrap() {
        return RealServers.kafka().bootstrapServers();
    }

    public static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Sends and waits for the acknowledgement. */
    public static void send(String topic, String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send to " + topic, e);
        }
    }

    public static void sendEvent(String topic, String key, Object event) {
        send(topic, key, EventJson.write(event));
    }

    /** A consumer outside any group, on every partition of a topic, at its start or its end. */
    public static KafkaConsumer<String, byte[]> reader(String topic, boolean fromStart) {
        return reader(bootstrap(), topic, fromStart);
    }

    /** The same on another broker (one of a test's own). */
    public static KafkaConsumer<String, byte[]> reader(String bootstrap, String topic, boolean fromStart) {
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        c.assign(partitions);
        if (fromStart) {
            c.seekToBeginning(partitions);
        } else {
            c.seekToEnd(partitions);
        }
        partitions.forEach(c::position); // resolve now: what is sent after this returns is read
        return c;
    }

    /** Reads a topic from the start until {@code enough} holds for the records with this key, or the time is up. */
    public static List<ConsumerRecord<String, byte[]>> read(String topic, String key,
            Predicate<List<ConsumerRecord<String, byte[]>>> enough, Duration within) {
        return read(bootstrap(), topic, key, enough, within);
    }

    /** The same on another broker (one of a test's own). */
    public static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic, String key,
            Predicate<List<ConsumerRecord<String, byte[]>>> enough, Duration within) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = reader(bootstrap, topic, true)) {
            Instant end = Instant.now().plus(within);
            while (Instant.now().isBefore(end) && !enough.test(found)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    /** Reads for a while and returns every record with this key: for asserting that no more arrived. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic, String key, Duration during) {
        return read(topic, key, l -> false, during);
    }

    /** The same on another broker (one of a test's own). */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic, String key,
            Duration during) {
        return read(bootstrap, topic, key, l -> false, during);
    }
}
