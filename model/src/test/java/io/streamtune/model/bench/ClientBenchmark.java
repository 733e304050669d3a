package io.streamtune.model.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.client.ModelVersion;
import io.streamtune.client.OnnxModel;
import io.streamtune.client.Predictor;
import io.streamtune.model.ModelRuntime;
import io.streamtune.model.TestModels;
import io.streamtune.model.checkpoint.ServingExport;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.model.onnx.EncoderSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * streamtune-client's benchmark (not a test): a classifier exported to serving files, then on the same texts
 * ({@link Corpus#sentences}, the inference texts of {@link ModelBenchmark}) the latency of one text through
 * {@link Predictor#predict(String)} and the inference time of ONNX Runtime ({@link OnnxModel#logits}) against DJL's
 * classifier ({@code Classifier.inference().predict}). Merges its figures into a flat JSON of numbers (keeping the
 * keys other runs wrote there, such as {@code swap_s}) and writes the "## client" section of benchmarks.md.
 *
 * <p>Run: {@code ./mvnw -B -pl client,model -am verify -Pbench -DskipTests -Dbench.model.skip=true}. Arguments: the
 * JSON path and the markdown path; {@code -Dbench.client.texts} sets the number of texts (default 200).
 */
public final class ClientBenchmark {

    private static final List<String> LABELS = List.of("ham", "spam");
    private static final int ROUNDS = 7;

    private final Map<String, Double> results = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path json = Path.of(args.length > 0 ? args[0] : "docs/benchmarks/client.json");
        Path md = Path.of(args.length > 1 ? args[1] : "docs/benchmarks.md");
        int n = Integer.getInteger("bench.client.texts", 200);
        String loadBefore = Machine.loadAverage();
        ModelRuntime.init();
        ClientBenchmark b = new ClientBenchmark();
        Path dir = Files.createTempDirectory("streamtune-client-bench");
        try {
            b.run(n, dir);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String load = loadBefore + " before, " + Machine.loadAverage() + " after";
        b.write(json, md, n, load);
    }

    private void run(int n, Path dir) throws Exception {
        List<String> texts = Corpus.sentences(n);
        try (Classifier c = TestModels.classifier(FineTuning.head(), LABELS)) {
            long t0 = System.nanoTime();
            ServingExport.write(c, EncoderSource.miniLm(), dir);
            put("export_s", (System.nanoTime() - t0) / 1e9, "s", "ServingExport.write of a head-only classifier");
            t0 = System.nanoTime();
            OnnxModel model = OnnxModel.load(dir, new ModelVersion("bench", 1, "bench"));
            put("load_s", (System.nanoTime() - t0) / 1e9, "s", "OnnxModel.load: ONNX Runtime session and tokenizer");
            int[] tokens = model.firstWindowLengths(texts);
            double mean = Arrays.stream(tokens).average().orElse(0);
            int max = Arrays.stream(tokens).max().orElse(0);
            String shape = n + " texts, " + String.format(Locale.ROOT, "%.0f", mean) + " tokens mean / " + max
                    + " max, one window each";
            put("texts", n, "", "Corpus.sentences: the inference texts of ModelBenchmark");
            put("mean_tokens", mean, "tokens", "per text, [CLS] and [SEP] included");
            put("cores", Runtime.getRuntime().availableProcessors(), "", "ONNX Runtime and DJL use all of them");

            try (Predictor predictor = Predictor.of(model)) {
                // warm-up: every text once
                for (String t : texts) {
                    predictor.predict(t);
                }
                // latency of one text from one calling thread, two passes over the texts
                double[] ms = new double[2 * n];
                for (int i = 0; i < ms.length; i++) {
                    long s = System.nanoTime();
                    predictor.predict(texts.get(i % n));
                    ms[i] = (System.nanoTime() - s) / 1e6;
                }
                Arrays.sort(ms);
                put("threads", 1, "", "callers of Predictor.predict(text) in the latency run");
                put("predict_p50_ms", ms[ms.length / 2], "ms", "Predictor.predict(text), one text a call: tokenise,"
                        + " ONNX Runtime, softmax; " + ms.length + " calls");
                put("predict_p99_ms", ms[(int) Math.ceil(ms.length * 0.99) - 1], "ms", "same calls");
                put("predict_mean_ms", Arrays.stream(ms).average().orElse(0), "ms", "same calls");

                // inference of the whole list, ONNX vs DJL (and ONNX Runtime with its default spinning threads),
                // alternating rounds; the median of each counts
                float[][][] out = new float[3][][];
                long[][] nanos = new long[3][ROUNDS];
                try (ai.onnxruntime.OrtSession.SessionOptions o = new ai.onnxruntime.OrtSession.SessionOptions()) {
                    try (OnnxModel spinning = OnnxModel.load(dir, null, o)) {
                        List<java.util.function.Supplier<float[][]>> variants = List.of(() -> model.logits(texts),
                                () -> c.inference().predict(texts), () -> spinning.logits(texts));
                        for (int v = 0; v < variants.size(); v++) {
                            out[v] = variants.get(v).get();
                        }
                        for (int r = 0; r < ROUNDS; r++) {
                            for (int v = 0; v < variants.size(); v++) {
                                long s = System.nanoTime();
                                out[v] = variants.get(v).get();
                                nanos[v][r] = System.nanoTime() - s;
                            }
                        }
                    }
                }
                for (long[] v : nanos) {
                    Arrays.sort(v);
                }
                double onnx = nanos[0][ROUNDS / 2] / 1e6;
                double djl = nanos[1][ROUNDS / 2] / 1e6;
                double spinningMs = nanos[2][ROUNDS / 2] / 1e6;
                double worst = 0;
                for (int t = 0; t < n; t++) {
                    for (int l = 0; l < LABELS.size(); l++) {
                        worst = Math.max(worst, Math.abs(out[0][t][l] - out[1][t][l]));
                    }
                }
                put("onnx_inference_ms", onnx, "ms", shape + "; OnnxModel.logits(all), batches of 32 sorted by length;"
                        + " median of " + ROUNDS);
                put("djl_inference_ms", djl, "ms", shape + "; Classifier.inference().predict(all), DJL/PyTorch; median"
                        + " of " + ROUNDS);
                put("onnx_spinning_inference_ms", spinningMs, "ms", "the same on ONNX Runtime's default session settings"
                        + " (intra-op threads spin; OnnxModel.load turns that off)");
                put("onnx_over_djl_inference", djl / onnx, "ratio", "DJL time / ONNX time: > 1 means ONNX Runtime is"
                        + " faster");
                put("onnx_djl_max_abs_diff", worst, "", "largest absolute logit difference, same texts (parity)");
            }
        }
    }

    private void put(String name, double value, String unit, String context) {
        results.put(name, value);
        rows.add(new String[] {name, format(value), unit, context});
        System.out.printf("%-28s %12s %-8s %s%n", name, format(value), unit, context);
    }

    private static String format(double v) {
        if (v != 0 && Math.abs(v) < 1e-3) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** Merges into the JSON (other keys kept) and replaces the markdown section. */
    private void write(Path json, Path md, int n, String load) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode merged = mapper.createObjectNode();
        if (Files.exists(json)) {
            JsonNode old = mapper.readTree(json.toFile());
            if (old != null && old.isObject()) {
                merged.setAll((ObjectNode) old);
            }
        }
        for (Map.Entry<String, Double> e : results.entrySet()) {
            double v = Double.parseDouble(format(e.getValue()));
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                merged.put(e.getKey(), (long) v);
            } else {
                merged.put(e.getKey(), v);
            }
        }
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(merged) + "\n");
        StringBuilder s = new StringBuilder();
        s.append("Machine: ").append(Machine.describe()).append("; 1-minute load average ").append(load)
                .append(" (a load near or above the core count means other work shared the cores).\n");
        s.append("Command: `./mvnw -B -pl client,model -am verify -Pbench -DskipTests -Dbench.model.skip=true` "
                + "(writes `docs/benchmarks/client.json`, merging into what is there).\n");
        s.append("A head-only MiniLM classifier (2 labels) exported with `ServingExport`, served by streamtune-client"
                + " (ONNX Runtime 1.29, DJL's HuggingFace tokenizer) against the same classifier on DJL 0.36 / PyTorch"
                + " 2.7.1 CPU; ").append(n).append(" texts from `Corpus.sentences` (ModelBenchmark's inference texts,"
                        + " short email lines).\n\n");
        s.append("| metric | value | unit | notes |\n|---|---:|---|---|\n");
        for (String[] r : rows) {
            s.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2]).append(" | ")
                    .append(r[3]).append(" |\n");
        }
        s.append("""

                How to read it:
                - `predict_p50_ms` / `predict_p99_ms`: one text per `Predictor.predict(text)` call from one thread,
                  after a warm-up pass; the time includes tokenising, taking and releasing the model's reference,
                  ONNX Runtime and the softmax.
                - `onnx_over_djl_inference` = DJL time / ONNX Runtime time for the same texts scored as one list
                  (both sort by length and batch): above 1 ONNX Runtime is faster. Alternating rounds, median of each.
                - `onnx_spinning_inference_ms`: ONNX Runtime's own default lets its intra-op threads spin between
                  runs; `OnnxModel.load` turns that off (`session.intra_op.allow_spinning=0`), which pays where the
                  cores are shared, as here. Compare the two only within one run.
                - `swap_s`, where present in the JSON, is written by another test (promotion → serving time), not
                  by this benchmark, which keeps it.
                """);
        BenchmarkDoc.replaceSection(md, "client", s.toString());
    }
}
