package io.streamtune.evaluator.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import io.streamtune.evaluator.evaluation.ScoringModel;
import io.streamtune.evaluator.heldout.HeldoutExample;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import io.streamtune.evaluator.scoring.DjlScorer;
import io.streamtune.evaluator.scoring.PrefixCache;
import io.streamtune.evaluator.support.Buckets;
import io.streamtune.evaluator.support.KafkaTopics;
import io.streamtune.evaluator.support.ServiceProcess;
import io.streamtune.evaluator.support.TestModels;
import io.streamtune.localstack.test.RealServers;
import io.streamtune.model.DeviceChoice;
import io.streamtune.model.ModelRuntime;
import io.streamtune.model.checkpoint.CheckpointIO;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.ClassifierConfig;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.model.classifier.PrefixPrecision;
import io.streamtune.model.onnx.EncoderSource;
import io.streamtune.model.tokenize.TokenizerSettings;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3ArtifactStore;
import io.streamtune.storage.S3Settings;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator's benchmark (not part of {@code verify}; run with {@code -Pbenchmark}):
 * <ol>
 *   <li>examples scored per second by the evaluator's scoring path (DJL, frozen-prefix cache) against ONNX Runtime
 *       running the same MiniLM over the same texts, windows and length-sorted batches, in the same JVM, rounds
 *       interleaved (medians); head and top-2 modes, cold (prefix computed) and warm (a new checkpoint on a snapshot
 *       already cached: the steady state, every checkpoint after the first);</li>
 *   <li>seconds from {@code CheckpointCreated} to {@code CheckpointEvaluated} through the packaged service on the
 *       real broker and S3 server, at {@code bench.heldout} held-out examples (default 5,000), top-2 mode.</li>
 * </ol>
 * Writes {@code docs/benchmarks/evaluator.json}.
 */
class EvaluatorBenchmark {

    private static final int SEQ = 128;
    private static final int BATCH = 32;
    private static final int ROUNDS = 3;

    @TempDir
    Path tmp;

    private final Map<String, Double> results = new LinkedHashMap<>();

    @Test
    void run() throws Exception {
        Path root = Path.of(System.getProperty("streamtune.repo.root", ".."));
        int n = Integer.getInteger("bench.examples", 1000);
        int heldout = Integer.getInteger("bench.heldout", 5000);
        put("load_avg_before", loadAverage());
        put("cores", Runtime.getRuntime().availableProcessors());
        put("seq_max_tokens", SEQ);
        put("batch_windows", BATCH);
        ModelRuntime.init();
        throughput(n);
        if (heldout > 0) {
            latency(heldout);
        }
        put("load_avg_after", loadAverage());
        Path json = root.resolve("docs/benchmarks/evaluator.json");
        Files.createDirectories(json.getParent());
        Files.writeString(json, json());
        System.out.println("EVALUATOR BENCHMARK " + json + "\n" + json());
    }

    // ---- 1. examples scored per second vs ONNX Runtime --------------------------------------

    private void throughput(int n) throws Exception {
        List<LabelledExample> examples = BenchTexts.examples("bench", n, 1);
        HeldoutSnapshot snapshot = new HeldoutSnapshot("bench", "bench-hs-000001", 1, Instant.now(),
                examples.stream().map(e -> new HeldoutExample(e.id(), e.text(), e.label(), e.eventTime(), "s"))
                        .toList());
        List<String> texts = snapshot.texts();
        put("examples", n);
        try (OrtEnvironment env = OrtEnvironment.getEnvironment();
                InputStream in = EncoderSource.miniLm().openModel();
                OrtSession session = env.createSession(in.readAllBytes(), new OrtSession.SessionOptions());
                Classifier tokens = Classifier.create(TestModels.miniLm(), TestModels.LABELS,
                        config(FineTuning.head()))) {
            List<long[]> windows = new ArrayList<>();
            tokens.tokenizer().windows(texts).forEach(w -> windows.add(w.get(0)));
            put("tokens_mean", windows.stream().mapToInt(a -> a.length).average().orElse(0));
            Supplier<Object> ort = () -> ort(env, session, windows, tokens.encoderConfig().hiddenSize());
            for (FineTuning mode : List.of(FineTuning.head(), FineTuning.topK(2))) {
                String key = mode.toString().replace("-", "");
                PrefixCache cache = new PrefixCache(2L << 30);
                DjlScorer scorer = new DjlScorer(cache, BATCH, DeviceChoice.CPU);
                Path first = save(mode, 1);
                Path second = save(mode, 2);
                double cold;
                float[][] cached;
                try (ScoringModel m = scorer.load("bench", first)) {
                    long t0 = System.nanoTime();
                    cached = m.probabilities(snapshot);
                    cold = n / seconds(t0);
                }
                if (mode.hasFrozenPrefix() && !mode.equals(FineTuning.head())) {
                    fp16Agreement(key, first, texts, cached);
                }
                try (ScoringModel m = scorer.load("bench", second)) { // the next checkpoint: prefixes cached
                    double[] perS = interleaved(n, () -> m.probabilities(snapshot), ort);
                    put(key + "_cold_examples_per_s", cold);
                    put(key + "_warm_examples_per_s", perS[0]);
                    put(key + "_ort_examples_per_s", perS[1]);
                    put(key + "_warm_over_ort", perS[0] / perS[1]);
                    put(key + "_cold_over_ort", cold / perS[1]);
                    put(key + "_prefix_cache_mb", cache.bytes() / 1e6);
                    put(key + "_prefix_cache_mb_per_1000_examples", cache.bytes() / 1e6 / n * 1000);
                }
            }
        }
    }

    /**
     * The scoring path on FP16 prefixes against the whole network in FP32 (no cache) on the same texts: the largest
     * probability difference and the share of examples given the same class.
     */
    private void fp16Agreement(String key, Path checkpoint, List<String> texts, float[][] cached) throws Exception {
        try (Classifier whole = CheckpointIO.loadClassifier(checkpoint, DeviceChoice.CPU)) {
            float[][] exact = whole.inference().probabilities(texts);
            double maxDiff = 0;
            int same = 0;
            for (int i = 0; i < exact.length; i++) {
                for (int j = 0; j < exact[i].length; j++) {
                    maxDiff = Math.max(maxDiff, Math.abs(exact[i][j] - cached[i][j]));
                }
                same += argmax(exact[i]) == argmax(cached[i]) ? 1 : 0;
            }
            put(key + "_fp16_prefix_max_abs_prob_diff", maxDiff);
            put(key + "_fp16_prefix_same_class_share", (double) same / exact.length);
        }
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            best = row[i] > row[best] ? i : best;
        }
        return best;
    }

    /** Median examples/s of each variant over rounds run one after the other (load drifts on a shared machine). */
    private static double[] interleaved(int n, Supplier<Object>... variants) {
        double[][] perS = new double[variants.length][ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            for (int v = 0; v < variants.length; v++) {
                long t0 = System.nanoTime();
                variants[v].get();
                perS[v][r] = n / seconds(t0);
            }
        }
        double[] out = new double[variants.length];
        for (int v = 0; v < variants.length; v++) {
            Arrays.sort(perS[v]);
            out[v] = perS[v][ROUNDS / 2];
        }
        return out;
    }

    /** ONNX Runtime over the same windows: sorted by length, batches of 32 padded to their longest, mean-pooled. */
    private static Object ort(OrtEnvironment env, OrtSession session, List<long[]> windows, int hidden) {
        List<long[]> ids = new ArrayList<>(windows);
        ids.sort((a, b) -> Integer.compare(a.length, b.length));
        float[][] pooled = new float[ids.size()][hidden];
        try {
            for (int start = 0; start < ids.size(); start += BATCH) {
                List<long[]> part = ids.subList(start, Math.min(ids.size(), start + BATCH));
                int t = part.get(part.size() - 1).length;
                int b = part.size();
                long[] in = new long[b * t];
                long[] mask = new long[b * t];
                for (int i = 0; i < b; i++) {
                    System.arraycopy(part.get(i), 0, in, i * t, part.get(i).length);
                    Arrays.fill(mask, i * t, i * t + part.get(i).length, 1);
                }
                long[] shape = {b, t};
                try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(in), shape);
                        OnnxTensor m = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                        OnnxTensor y = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[b * t]), shape);
                        OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", m,
                                "token_type_ids", y))) {
                    FloatBuffer h = ((OnnxTensor) r.get(0)).getFloatBuffer();
                    for (int i = 0; i < b; i++) {
                        for (int j = 0; j < part.get(i).length; j++) {
                            int base = (i * t + j) * hidden;
                            for (int k = 0; k < hidden; k++) {
                                pooled[start + i][k] += h.get(base + k);
                            }
                        }
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return pooled; // the head (384 x 2) on top is noise next to the encoder
    }

    // ---- 2. CheckpointCreated -> CheckpointEvaluated through the service ---------------------

    private void latency(int heldout) throws Exception {
        String model = "bench-" + Long.toHexString(System.nanoTime()).substring(4);
        S3Settings s3 = Buckets.fresh();
        try (ArtifactStore store = new S3ArtifactStore(s3);
                KafkaTopics kafka = new KafkaTopics(RealServers.kafka().bootstrapServers())) {
            store.ensureBuckets();
            kafka.create(Topics.heldout(model), 1);
            kafka.send(Topics.MODELS, model, EventJson.write(new ModelSpec(null, 0, null, model,
                    LabelSet.closed("ham", "spam"), null, 0, 0, 50, null, null)));
            for (LabelledExample e : BenchTexts.examples(model, heldout, 2)) {
                kafka.send(Topics.heldout(model), e.id(), EventJson.write(e));
            }
            Map<String, String> config = new TreeMap<>();
            var e = RealServers.s3();
            config.put("kafka.bootstrap.servers", RealServers.kafka().bootstrapServers());
            config.put("streamtune.s3.endpoint", e.endpoint());
            config.put("streamtune.s3.access-key", e.accessKey());
            config.put("streamtune.s3.secret-key", e.secretKey());
            config.put("streamtune.s3.checkpoints-bucket", s3.checkpointsBucket());
            config.put("streamtune.s3.models-bucket", s3.modelsBucket());
            config.put("streamtune.evaluator.bucket", Buckets.evaluatorBucket(s3));
            config.put("streamtune.evaluator.work-dir", tmp.resolve("work").toString());
            config.put("streamtune.evaluator.heldout.topic-discovery-ms", "1000");
            try (ServiceProcess service = new ServiceProcess(config, tmp.resolve("service.log"), "-Xmx3g")
                    .start(Duration.ofMinutes(3))) {
                awaitHeldout(service, model, "\"size\":" + heldout);
                // the prefixes are encoded in the background as the examples arrive; the first checkpoint of a model
                // normally comes after its first held-out examples, so it is announced once they are all encoded
                long arrived = System.nanoTime();
                awaitHeldout(service, model, "\"prefixesReady\":" + heldout);
                put("latency_top2_prefix_backfill_s", seconds(arrived));
                put("latency_heldout_examples", heldout);
                double first = announce(kafka, store, model, "ck-1", 1);
                store.createVersion(model, 1, "ck-1", "{}".getBytes());
                store.moveChampion(model, Optional.empty(), 1, "bench", "first");
                double championFirst = announce(kafka, store, model, "ck-2", 2);
                double steady = announce(kafka, store, model, "ck-3", 3);
                put("latency_top2_first_checkpoint_s", first);
                put("latency_top2_champion_first_scored_s", championFirst);
                put("latency_top2_steady_s", steady);
                // at 5,000: the scoring part (from the service's log) grows linearly with the held-out count, the
                // rest (download, load, S3, Kafka) does not
                String log = Files.readString(tmp.resolve("service.log"));
                double scale = 5000.0 / heldout;
                put("latency_top2_first_checkpoint_s_at_5000", extrapolate(first, scoringSeconds(log, model, "ck-1"),
                        scale));
                put("latency_top2_champion_first_scored_s_at_5000", extrapolate(championFirst,
                        scoringSeconds(log, model, "ck-2") + scoringSeconds(log, model, "v1"), scale));
                put("latency_top2_steady_s_at_5000", extrapolate(steady, scoringSeconds(log, model, "ck-3"), scale));
                // the worst case: a burst of held-out examples and the first checkpoint right behind it, before the
                // background encoding is through (the evaluation computes the rest itself)
                String burst = model + "-burst";
                kafka.create(Topics.heldout(burst), 1);
                kafka.send(Topics.MODELS, burst, EventJson.write(new ModelSpec(null, 0, null, burst,
                        LabelSet.closed("ham", "spam"), null, 0, 0, 50, null, null)));
                for (LabelledExample x : BenchTexts.examples(burst, heldout, 3)) {
                    kafka.send(Topics.heldout(burst), x.id(), EventJson.write(x));
                }
                awaitHeldout(service, burst, "\"size\":" + heldout);
                put("latency_top2_first_checkpoint_burst_s", announce(kafka, store, burst, "ck-1", 4));
                // where each evaluation's time went, from the service's own log lines
                Files.readAllLines(tmp.resolve("service.log")).stream()
                        .filter(l -> l.contains("scored") || l.contains("ahead of its checkpoints"))
                        .forEach(l -> System.out.println("EVALUATOR LOG " + l));
            }
        }
    }

    /** Waits until the service's summary of the model's held-out set contains {@code fragment}. */
    private static void awaitHeldout(ServiceProcess service, String model, String fragment) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!service.request("/api/v1/heldout/" + model).body().contains(fragment)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the held-out set of " + model + " never showed " + fragment);
            }
            Thread.sleep(200);
        }
    }

    /** Writes a top-2 checkpoint, announces it, and returns seconds until its evaluation is on the topic. */
    private double announce(KafkaTopics kafka, ArtifactStore store, String model, String id, long seed)
            throws Exception {
        Path dir = save(FineTuning.topK(2), seed);
        var manifest = store.writeCheckpoint(new io.streamtune.contracts.CheckpointManifest(0, model, id, null, null,
                1, 1, null, null, null, 0, "all-minilm-l6-v2", io.streamtune.contracts.FineTuneMode.TOP_K,
                TestModels.LABELS, null, null), dir);
        CheckpointCreated created = TestModels.announcement(manifest);
        kafka.send(Topics.CHECKPOINTS, model, EventJson.write(created));
        List<ConsumerRecord<byte[], byte[]>> out = kafka.await(Topics.EVALUATIONS,
                r -> model.equals(KafkaTopics.key(r))
                        && EventJson.read(r.value(), CheckpointEvaluated.class).checkpointId().equals(id),
                1, Duration.ofMinutes(30));
        if (out.isEmpty()) {
            throw new IllegalStateException("no evaluation of " + id);
        }
        CheckpointEvaluated r = EventJson.read(out.get(0).value(), CheckpointEvaluated.class);
        if (r.status() != CheckpointEvaluated.Status.EVALUATED) {
            throw new IllegalStateException(id + " was not evaluated: " + r.reason());
        }
        return (out.get(0).timestamp() - created.occurredAt().toEpochMilli()) / 1000.0;
    }

    private static double extrapolate(double measured, double scoring, double scale) {
        return measured - scoring + scoring * scale;
    }

    /** Seconds the service's log says scoring {@code what} took ("<model>/<what>: ... scored N examples in Z ms"). */
    private static double scoringSeconds(String log, String model, String what) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(model + "/" + what)
                + ":[^\"]*scored \\d+ examples in (\\d+) ms").matcher(log);
        if (!m.find()) {
            throw new IllegalStateException("no scoring time for " + model + "/" + what + " in the service log");
        }
        return Long.parseLong(m.group(1)) / 1000.0;
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Path save(FineTuning mode, long seed) throws Exception {
        Path dir = tmp.resolve(mode + "-" + seed + "-" + System.nanoTime());
        try (Classifier c = Classifier.create(TestModels.miniLm(), TestModels.LABELS, config(mode).withSeed(seed))) {
            CheckpointIO.save(c, dir);
        }
        return dir;
    }

    /** What the trainer writes by default: 128 tokens, one window, FP16 prefixes, 32 windows per pass. */
    private static ClassifierConfig config(FineTuning mode) {
        return ClassifierConfig.defaults().withFineTuning(mode).withDevice(DeviceChoice.CPU)
                .withTokenizer(new TokenizerSettings(SEQ, 0, 1)).withInferenceBatchSize(BATCH)
                .withPrefixPrecision(PrefixPrecision.FP16);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private void put(String key, double value) {
        results.put(key, value);
    }

    private String json() {
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (var e : results.entrySet()) {
            double v = e.getValue();
            String num = v == Math.rint(v) && Math.abs(v) < 1e12 ? Long.toString((long) v)
                    : String.format(Locale.ROOT, "%.4g", v);
            sb.append("  \"").append(e.getKey()).append("\": ").append(num)
                    .append(++i < results.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return -1;
        }
    }
}
