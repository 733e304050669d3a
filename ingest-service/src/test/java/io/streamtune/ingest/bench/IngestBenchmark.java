package io.streamtune.ingest.bench;

import static io.streamtune.ingest.bench.BenchmarkFile.median;
import static io.streamtune.ingest.bench.BenchmarkFile.round;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.ingest.messaging.IngestClients;
import io.streamtune.ingest.messaging.ModelSpecCache;
import io.streamtune.ingest.support.TestKafka;
import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.RealServersResource;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Ingest throughput and latency against the real broker, next to Kafka's own producer (same broker, same settings,
 * same record bytes) measured in the same run. Not part of {@code verify}: run with {@code -Pbenchmark}.
 * Writes {@code docs/benchmarks/ingest.json} and prints the markdown row for {@code docs/benchmarks.md}.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServersResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = RealServersResource.SERVERS_ARG, value = "kafka"))
@QuarkusTestResource(value = BenchKey.class, restrictToAnnotatedClass = true)
class IngestBenchmark {

    static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    static final int TEXT_CHARS = 160;
    static final int BATCH = 100;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final int SINGLE_REQUESTS = Integer.getInteger("bench.single.requests", 3_000);
    static final int BATCH_REQUESTS = Integer.getInteger("bench.batch.requests", 300);
    static final int RAW_RECORDS = Integer.getInteger("bench.raw.records", 50_000);
    static final int RAW_SYNC_RECORDS = SINGLE_REQUESTS;

    @TestHTTPResource("/api/v1/models/bench/examples")
    URL url;

    @Inject
    ModelSpecCache specs;

    @Inject
    IngestClients kafkaClients;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(CLIENTS)).build();
    private final AtomicLong ids = new AtomicLong();

    @Test
    void ingestNextToTheRawProducer() throws Exception {
        new TestKafka(RealServers.kafka().bootstrapServers()).publishSpec(new ModelSpec(null, 0, null, "bench",
                LabelSet.closed("ham", "spam"), null, 0, 20, 0, null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> specs.find("bench").isPresent());
        byte[] recordValue = EventJson.write(new LabelledExample(null, 0, null, "bench-0000000001", "bench", text(),
                "ham", "bench", null, null));

        // warm-up: JIT for every path measured below
        run(2_000, 1);
        run(100, BATCH);
        rawAsync(20_000, recordValue);

        Map<String, Number> out = new LinkedHashMap<>();
        out.put("cpu_cores", Runtime.getRuntime().availableProcessors());
        out.put("clients", CLIENTS);
        out.put("text_chars", TEXT_CHARS);
        out.put("record_value_bytes", recordValue.length);
        out.put("batch_size", BATCH);
        out.put("rounds", ROUNDS);

        // the machine is shared: each round measures the reference right before what it is compared with, and
        // the medians over the rounds are reported
        double[] raw = new double[ROUNDS];
        double[] batchRatio = new double[ROUNDS];
        double[] singleRatio = new double[ROUNDS];
        double[] latencyRatio = new double[ROUNDS];
        List<Result> singles = new ArrayList<>();
        List<Result> batches = new ArrayList<>();
        List<Result> rawSyncs = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            raw[round] = rawAsync(RAW_RECORDS, recordValue);
            Result batched = run(BATCH_REQUESTS, BATCH);
            Result rawSync = rawSync(RAW_SYNC_RECORDS, recordValue);
            Result single = run(SINGLE_REQUESTS, 1);
            batches.add(batched);
            singles.add(single);
            rawSyncs.add(rawSync);
            batchRatio[round] = batched.examplesPerSecond() / raw[round];
            singleRatio[round] = single.examplesPerSecond() / raw[round];
            latencyRatio[round] = single.p50Ms() / rawSync.p50Ms();
            out.put("round" + (round + 1) + "_raw_producer_records_per_s", round(raw[round]));
            out.put("round" + (round + 1) + "_batch_examples_per_s", round(batched.examplesPerSecond()));
            out.put("round" + (round + 1) + "_single_examples_per_s", round(single.examplesPerSecond()));
        }
        Result single = Result.merge(singles);
        Result batched = Result.merge(batches);
        Result rawSync = Result.merge(rawSyncs);
        double rawMedian = median(raw);

        out.put("raw_producer_records_per_round", RAW_RECORDS);
        out.put("raw_producer_records_per_s", round(rawMedian));
        out.put("raw_sync_send_p50_ms", round(rawSync.p50Ms()));
        out.put("raw_sync_send_p99_ms", round(rawSync.p99Ms()));
        out.put("raw_sync_send_records_per_s", round(rawSync.examplesPerSecond()));
        out.put("single_requests_per_round", SINGLE_REQUESTS);
        out.put("single_examples_per_s", round(single.examplesPerSecond()));
        out.put("single_p50_ms", round(single.p50Ms()));
        out.put("single_p99_ms", round(single.p99Ms()));
        out.put("batch_requests_per_round", BATCH_REQUESTS);
        out.put("batch_examples_per_s", round(batched.examplesPerSecond()));
        out.put("batch_p50_ms", round(batched.p50Ms()));
        out.put("batch_p99_ms", round(batched.p99Ms()));
        out.put("batch_vs_raw_producer", round(median(batchRatio)));
        out.put("single_vs_raw_producer", round(median(singleRatio)));
        out.put("single_p50_vs_raw_sync_p50", round(median(latencyRatio)));
        out.put("load_average_1m_at_end", round(java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage()));

        BenchmarkFile.merge(out);
        System.out.printf(Locale.ROOT, "| ingest | %d clients, %d-char texts (%d B records) | single: %.0f ex/s, p50 %.1f ms, "
                        + "p99 %.1f ms | batch %d: %.0f ex/s, p50 %.1f ms, p99 %.1f ms | raw producer %.0f rec/s | "
                        + "batch/raw %.2f, single/raw %.2f |%n", CLIENTS, TEXT_CHARS, recordValue.length,
                single.examplesPerSecond(), single.p50Ms(), single.p99Ms(), BATCH, batched.examplesPerSecond(),
                batched.p50Ms(), batched.p99Ms(), rawMedian, median(batchRatio), median(singleRatio));
        assertThat(single.examplesPerSecond()).isPositive();
    }

    /** {@code requests} POSTs of {@code size} examples spread over {@link #CLIENTS} clients, each sending in turn. */
    private Result run(int requests, int size) throws Exception {
        long[] latencies = new long[requests];
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long t0 = System.nanoTime();
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                for (long i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    HttpRequest req = HttpRequest.newBuilder(URI.create(url.toString()))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + BenchKey.PLAINTEXT)
                            .POST(HttpRequest.BodyPublishers.ofString(body(size))).build();
                    long s = System.nanoTime();
                    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                    latencies[(int) i] = System.nanoTime() - s;
                    if (r.statusCode() != 202) {
                        throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get(10, TimeUnit.MINUTES);
        }
        long wall = System.nanoTime() - t0;
        pool.shutdown();
        return new Result((long) requests * size, wall, latencies);
    }

    /** The producer API at full speed: async sends, counted as acknowledged. */
    private double rawAsync(int records, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = kafkaClients.producer()) {
            Semaphore done = new Semaphore(0);
            long t0 = System.nanoTime();
            for (int i = 0; i < records; i++) {
                p.send(new ProducerRecord<>("streamtune.benchraw.train", key(), value), (md, e) -> {
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

    /** One record at a time per client, waiting for each ack: the latency floor of a single-example request. */
    private Result rawSync(int records, byte[] value) throws Exception {
        long[] latencies = new long[records];
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try (KafkaProducer<byte[], byte[]> p = kafkaClients.producer()) {
            long t0 = System.nanoTime();
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    for (long i = next.getAndIncrement(); i < records; i = next.getAndIncrement()) {
                        long s = System.nanoTime();
                        p.send(new ProducerRecord<>("streamtune.benchraw.train", key(), value)).get();
                        latencies[(int) i] = System.nanoTime() - s;
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get(10, TimeUnit.MINUTES);
            }
            pool.shutdown();
            return new Result(records, System.nanoTime() - t0, latencies);
        }
    }

    private String body(int size) {
        String items = IntStream.range(0, size).mapToObj(i -> "{\"id\":\"bench-" + String.format("%010d",
                ids.incrementAndGet()) + "\",\"text\":\"" + text() + "\",\"label\":\"ham\"}")
                .collect(Collectors.joining(","));
        return size == 1 ? items : "[" + items + "]";
    }

    private byte[] key() {
        return String.format("bench-%010d", ids.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
    }

    private static String text() {
        return "Meeting moved to Thursday; please bring the quarterly numbers and the draft of the customer letter. "
                .repeat(2).substring(0, TEXT_CHARS);
    }


    record Result(long examples, long wallNanos, long[] latencies) {
        static Result merge(List<Result> results) {
            long examples = results.stream().mapToLong(Result::examples).sum();
            long wall = results.stream().mapToLong(Result::wallNanos).sum();
            long[] all = results.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).toArray();
            return new Result(examples, wall, all);
        }

        double examplesPerSecond() {
            return examples / (wallNanos / 1e9);
        }

        double p50Ms() {
            return percentile(0.50);
        }

        double p99Ms() {
            return percentile(0.99);
        }

        private double percentile(double q) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
        }
    }
}
