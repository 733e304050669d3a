package io.streamtune.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.DlqHeaders;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.HeldoutSplit;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feedback straight from Kafka, exactly once through crashes: 10,000 records (5 % invalid in eight ways) on a raw
 * topic, ingest (a process of its own) killed with SIGKILL twice while it consumes them and started again; then every
 * valid record is on its side's topic exactly once (read committed), every invalid one in the DLQ exactly once with
 * the field it broke, and nothing else anywhere.
 */
class KafkaIngestIT {

    static final String MODEL = "kafka";
    static final String SOURCE = "app";
    static final String RAW = Topics.raw(MODEL, SOURCE);
    static final String GROUP = "streamtune-ingest-raw";
    static final int RECORDS = 10_000;
    static final int MAX_TEXT = 200;
    static final int HELDOUT_PERCENT = 20;

    @TempDir
    Path dir;

    /** What the test sent: a valid example, or an invalid record and the field its dead letter must name. */
    record Sent(String key, byte[] value, LabelledExample valid, String field, String reasonPart) {
    }

    @Test
    void everyRecordLandsExactlyOnceThroughTwoSigkills() throws Exception {
        try (TestStack stack = TestStack.start(dir, MODEL, List.of(), b -> b
                .set(StreamtuneService.INGEST, "streamtune.ingest.raw.sources.\"" + SOURCE + "\".models", MODEL)
                // a stable name, as a StatefulSet gives: the restarted process fences its predecessor's transaction
                .set(StreamtuneService.INGEST, "streamtune.ingest.raw.instance-id", "ingest-0")
                .set(StreamtuneService.INGEST, "streamtune.ingest.topics.partitions", "3")
                // small transactions, so the kills land among many of them
                .set(StreamtuneService.INGEST, "streamtune.ingest.raw.consumer.\"max.poll.records\"", "50"));
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.testBootstrapServers))) {
            String bootstrap = stack.testBootstrapServers;
            admin.createTopics(List.of(new NewTopic(RAW, 3, (short) 1), new NewTopic(Topics.DLQ, 1, (short) 1),
                    new NewTopic(Topics.MODELS, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            ModelSpec spec = new ModelSpec(null, 0, null, MODEL, LabelSet.closed("spam", "ham"), null, MAX_TEXT,
                    HELDOUT_PERCENT, 0, null, null);
            List<Sent> sent = records();
            try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
                p.send(new ProducerRecord<>(Topics.MODELS, MODEL.getBytes(StandardCharsets.UTF_8),
                        EventJson.write(spec))).get(30, TimeUnit.SECONDS);
                for (Sent s : sent) {
                    p.send(new ProducerRecord<>(RAW, s.key() == null ? null : s.key().getBytes(StandardCharsets.UTF_8),
                            s.value()));
                }
                p.flush();
            }

            StreamtuneServices services = stack.services;
            long t0 = System.nanoTime();
            services.start(System.out, List.of(StreamtuneService.INGEST));
            for (long threshold : List.of(2_500L, 6_000L)) {
                long at = awaitCommitted(admin, threshold, Duration.ofMinutes(2));
                services.kill(StreamtuneService.INGEST);
                long after = committed(admin);
                System.out.printf("ingest killed (SIGKILL) with %d of %d raw records committed at %.1f s%n", after,
                        RECORDS, (System.nanoTime() - t0) / 1e9);
                assertThat(after).as("killed while consuming, not after").isLessThan(RECORDS).isGreaterThanOrEqualTo(at);
                services.start(System.out, List.of(StreamtuneService.INGEST));
            }
            awaitCommitted(admin, RECORDS, Duration.ofMinutes(3));
            System.out.printf("all %d raw records committed at %.1f s%n", RECORDS, (System.nanoTime() - t0) / 1e9);

            Map<String, List<LabelledExample>> onTopics = new HashMap<>();
            for (String topic : List.of(Topics.train(MODEL), Topics.heldout(MODEL))) {
                for (ConsumerRecord<byte[], byte[]> r : readAll(bootstrap, topic, "read_committed")) {
                    LabelledExample e = EventJson.read(r.value(), LabelledExample.class);
                    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.id());
                    assertThat(HeldoutSplit.side(DevKeys.SPLIT, MODEL, e.id(), HELDOUT_PERCENT).topic(MODEL)).as(e.id())
                            .isEqualTo(topic);
                    onTopics.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e);
                }
            }
            Map<String, List<ConsumerRecord<byte[], byte[]>>> dead = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : readAll(bootstrap, Topics.DLQ, "read_committed")) {
                dead.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r);
            }

            List<Sent> valid = sent.stream().filter(s -> s.valid() != null).toList();
            List<Sent> invalid = sent.stream().filter(s -> s.valid() == null).toList();
            for (Sent s : valid) {
                List<LabelledExample> found = onTopics.getOrDefault(s.valid().id(), List.of());
                assertThat(found).as("valid record " + s.valid().id() + " on train / held-out").hasSize(1);
                LabelledExample e = found.get(0);
                assertThat(e.source()).isEqualTo(SOURCE);
                assertThat(e.model()).isEqualTo(MODEL);
                assertThat(e.text()).isEqualTo(s.valid().text());
                assertThat(e.label()).isEqualTo(s.valid().label());
            }
            assertThat(onTopics).as("nothing but the valid records on train / held-out").hasSize(valid.size());
            for (Sent s : invalid) {
                List<ConsumerRecord<byte[], byte[]>> found = dead.getOrDefault(s.key(), List.of());
                assertThat(found).as("invalid record " + s.key() + " in the DLQ").hasSize(1);
                ConsumerRecord<byte[], byte[]> d = found.get(0);
                assertThat(d.value()).isEqualTo(s.value());
                assertThat(header(d, DlqHeaders.FIELD)).as(s.key()).isEqualTo(s.field());
                assertThat(header(d, DlqHeaders.REASON)).as(s.key()).startsWith(s.field() + ": ")
                        .contains(s.reasonPart());
                assertThat(header(d, DlqHeaders.SOURCE_TOPIC)).isEqualTo(RAW);
            }
            assertThat(dead).as("nothing but the invalid records in the DLQ").hasSize(invalid.size());
            int uncommitted = readAll(bootstrap, Topics.train(MODEL), "read_uncommitted").size()
                    + readAll(bootstrap, Topics.heldout(MODEL), "read_uncommitted").size();
            System.out.printf("valid %d on train / held-out exactly once, invalid %d in the DLQ exactly once; "
                    + "%d records of aborted transactions hidden from read_committed readers%n", valid.size(),
                    invalid.size(), uncommitted - onTopics.size());

            String metrics = get(services.url(StreamtuneService.INGEST) + "/q/metrics");
            assertThat(metrics).contains("streamtune_ingest_raw_records_consumed_total{model=\"kafka\",source=\"app\"}")
                    .contains("streamtune_ingest_raw_consumer_lag_records{model=\"kafka\"} 0.0");
            String ready = get(services.url(StreamtuneService.INGEST) + "/q/health/ready");
            assertThat(ready).contains("raw-feedback").doesNotContain("\"DOWN\"");
        }
    }

    /** 10,000 records, 5 % invalid in eight ways; one valid in ten has its id in the value and no key. */
    static List<Sent> records() {
        Random random = new Random(24);
        List<Sent> out = new ArrayList<>();
        int bad = 0;
        for (int i = 0; i < RECORDS; i++) {
            String id = String.format("k-%05d", i);
            String label = random.nextBoolean() ? "spam" : "ham";
            String text = "feedback " + i + " " + Long.toHexString(random.nextLong());
            if (random.nextInt(100) < 5) {
                out.add(invalid(id, bad++ % 8, text));
            } else if (i % 10 == 3) {
                String json = "{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"label\":\"" + label + "\"}";
                out.add(new Sent(null, utf8(json), LabelledExample.of(id, MODEL, text, label, SOURCE), null, null));
            } else {
                String json = "{\"text\":\"" + text + "\",\"label\":\"" + label + "\"}";
                out.add(new Sent(id, utf8(json), LabelledExample.of(id, MODEL, text, label, SOURCE), null, null));
            }
        }
        return out;
    }

    private static Sent invalid(String id, int kind, String text) {
        return switch (kind) {
            case 0 -> new Sent(id, utf8("this is not JSON {"), null, "body", "is not valid JSON");
            case 1 -> new Sent(id, utf8("{\"label\":\"ham\"}"), null, "text", "must not be empty");
            case 2 -> new Sent(id, utf8("{\"text\":\"" + text + "\",\"label\":\"eggs\"}"), null, "label",
                    "must be one of");
            case 3 -> new Sent(id, utf8("{\"text\":\"" + "x".repeat(MAX_TEXT + 1) + "\",\"label\":\"ham\"}"), null,
                    "text", "at most " + MAX_TEXT + " chars, got " + (MAX_TEXT + 1));
            case 4 -> new Sent(id, utf8("{\"model\":\"other\",\"text\":\"" + text + "\",\"label\":\"ham\"}"), null,
                    "model", "may not be sent");
            case 5 -> new Sent(id, utf8("{\"source\":\"admin\",\"text\":\"" + text + "\",\"label\":\"ham\"}"), null,
                    "source", "may not be sent");
            case 6 -> new Sent(id, new byte[] {'{', '"', 't', (byte) 0xFF, '"', '}'}, null, "body", "UTF-8");
            default -> new Sent(id, utf8("[{\"text\":\"" + text + "\",\"label\":\"ham\"}]"), null, "body",
                    "one JSON object");
        };
    }

    private static long awaitCommitted(Admin admin, long atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long c = committed(admin);
        while (c < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ingest committed " + c + " raw records, not " + atLeast + ", within "
                        + timeout);
            }
            Thread.sleep(10);
            c = committed(admin);
        }
        return c;
    }

    /** The raw records whose transaction committed: the group's offsets, committed inside each transaction. */
    private static long committed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end);
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String get(String url) throws java.io.IOException {
        return new String(Http.get(java.net.URI.create(url)).body(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
