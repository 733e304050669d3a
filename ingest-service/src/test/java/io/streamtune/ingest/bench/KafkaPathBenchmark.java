package io.streamtune.ingest.bench;

import static io.streamtune.ingest.bench.BenchmarkFile.median;
import static io.streamtune.ingest.bench.BenchmarkFile.round;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.streamtune.ingest.examples.LabelBook;
import io.streamtune.ingest.support.TestKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import io.streamtune.ingest.config.IngestConfig;
import io.streamtune.ingest.messaging.ExampleRecords;
import io.streamtune.ingest.messaging.IngestClients;
import io.streamtune.ingest.metrics.IngestMetrics;
import io.streamtune.ingest.raw.RawFeedbackLoop;
import io.streamtune.ingest.raw.RawFeedbackStatus;
import io.streamtune.ingest.raw.RawRecordReader;
import io.streamtune.ingest.raw.RawTopic;
import io.streamtune.kit.kafka.KafkaClients;
import io.streamtune.localstack.test.RealServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The raw Kafka path's throughput: records already on a raw topic, read, validated, split and written by ingest's
 * own transactional loop (one transaction per poll of up to 500), next to Kafka's producer writing those same records
 * to the same broker in the same round (ingest's producer settings: acks=all, idempotent, linger.ms=5). Not part of
 * {@code verify}: {@code -Pbenchmark}. Adds its keys to {@code docs/benchmarks/ingest.json}, keeping the others.
 */
class KafkaPathBenchmark {

    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final int RECORDS = Integer.getInteger("bench.kafka.records", 50_000);
    static final int TEXT_CHARS = 160;
    static final String SOURCE = "bench";

    private final String bootstrap = RealServers.kafka().bootstrapServers();
    private final IngestClients clients = new IngestClients(KafkaClients.at(bootstrap), config());

    @Test
    void kafkaPathNextToTheRawProducer() throws Exception {
        run("kbench-warmup", 10_000); // JIT, group coordinator, transaction coordinator
        double[] path = new double[ROUNDS];
        double[] raw = new double[ROUNDS];
        double[] ratio = new double[ROUNDS];
        Map<String, Number> out = new LinkedHashMap<>();
        for (int r = 0; r < ROUNDS; r++) {
            double[] round = run("kbench-" + (r + 1), RECORDS);
            raw[r] = round[0];
            path[r] = round[1];
            ratio[r] = path[r] / raw[r];
            out.put("kafka_path_round" + (r + 1) + "_raw_producer_records_per_s", round(raw[r]));
            out.put("kafka_path_round" + (r + 1) + "_examples_per_s", round(path[r]));
        }
        out.put("kafka_path_records_per_round", RECORDS);
        out.put("kafka_path_raw_value_bytes", value(0).length);
        out.put("kafka_path_max_poll_records", 500);
        out.put("kafka_path_raw_producer_records_per_s", round(median(raw)));
        out.put("kafka_path_examples_per_s", round(median(path)));
        out.put("kafka_path_vs_raw_producer", round(median(ratio)));
        out.put("kafka_path_load_average_1m_at_end", round(java.lang.management.ManagementFactory
                .getOperatingSystemMXBean().getSystemLoadAverage()));
        BenchmarkFile.merge(out);
        System.out.printf(Locale.ROOT, "| kafka path | %d records of %d B, %d rounds | %.0f ex/s "
                + "| raw producer %.0f rec/s | %.2f |%n", RECORDS, value(0).length, ROUNDS, median(path), median(raw), median(ratio));
        assertThat(median(path)).isPositive();
    }

    /** One round on fresh topics: {raw producer records/s, kafka path examples/s}. */
    private double[] run(String model, int records) throws Exception {
        RawTopic topic = RawTopic.of(model, SOURCE);
        try (Admin admin = clients.admin("kafka-path-bench")) {
            admin.createTopics(List.of(new NewTopic(topic.topic(), 1, (short) 1),
                    new NewTopic(Topics.train(model), 1, (short) 1), new NewTopic(Topics.heldout(model), 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        double rawRate = produce(topic.topic(), records);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ModelSpec spec = new ModelSpec(null, 0, null, model, LabelSet.closed("ham", "spam"), null, 0, 20, 0, null,
                null);
        Map<String, Object> producerProps = clients.transactionalProducerProperties(model);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps);
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clients.rawConsumerProperties(model,
                        false))) {
            RawFeedbackLoop loop = new RawFeedbackLoop(consumer, producer, List.of(topic), m -> Optional.of(spec),
                    new RawRecordReader(ExampleRecords.maxRecordBytes(producerProps), TestKeys.HELDOUT,
                            new LabelBook()), new IngestMetrics(registry),
                    new RawFeedbackStatus(), Duration.ofMillis(500));
            Thread thread = new Thread(loop, "kafka-path-bench");
            thread.start();
            // from the first committed transaction to the last: group join and transaction set-up are not throughput
            double first = awaitConsumed(registry, 1, null);
            long t0 = System.nanoTime();
            awaitConsumed(registry, records, thread);
            double seconds = (System.nanoTime() - t0) / 1e9;
            loop.stop();
            thread.join(30_000);
            assertThat(registry.find("streamtune.ingest.raw.records.accepted").counters().stream()
                    .mapToDouble(Counter::count).sum()).isEqualTo(records);
            double pathRate = (records - first) / seconds;
            System.out.printf(Locale.ROOT, "%s: raw producer %.0f rec/s, kafka path %.0f ex/s%n", model, rawRate,
                    pathRate);
            return new double[] {rawRate, pathRate};
        }
    }

    /** Waits until the committed count reaches {@code n}; returns the count then. */
    private static double awaitConsumed(SimpleMeterRegistry registry, int n, Thread loop) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        double c = consumed(registry);
        while (c < n) {
            if (System.nanoTime() > deadline || loop != null && !loop.isAlive()) {
                throw new IllegalStateException("the loop committed " + c + " of " + n + " records");
            }
            Thread.sleep(1);
            c = consumed(registry);
        }
        return c;
    }

    private static double consumed(SimpleMeterRegistry registry) {
        return registry.find("streamtune.ingest.raw.records.consumed").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** Kafka's producer, async at full speed, every record acknowledged: what the app writing the raw topic gets. */
    private double produce(String topic, int records) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = clients.producer()) {
            Semaphore done = new Semaphore(0);
            long t0 = System.nanoTime();
            for (int i = 0; i < records; i++) {
                p.send(new ProducerRecord<>(topic, String.format("kb-%09d", i).getBytes(StandardCharsets.UTF_8),
                        value(i)), (md, e) -> {
                            if (e != null) {
                                throw new IllegalStateException(e);
                            }
                            done.release();
                        });
            }
            assertThat(done.tryAcquire(records, 5, TimeUnit.MINUTES)).isTrue();
            return records / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static byte[] value(int i) {
        String text = "Meeting moved to Thursday; please bring the quarterly numbers and the draft of the customer "
                + "letter. ";
        return ("{\"text\":\"" + text.repeat(2).substring(0, TEXT_CHARS) + "\",\"label\":\"" + (i % 2 == 0 ? "ham"
                : "spam") + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Ingest's configuration as application.properties sets it for the producer (linger.ms=5). */
    private static IngestConfig config() {
        return new SmallRyeConfigBuilder().withMapping(IngestConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of("streamtune.ingest.kafka.producer.\"linger.ms\"", "5",
                        "streamtune.ingest.heldout-key", "streamtune-dev-heldout-key-not-secret"),
                        "bench", 300))
                .build().getConfigMapping(IngestConfig.class);
    }
}
