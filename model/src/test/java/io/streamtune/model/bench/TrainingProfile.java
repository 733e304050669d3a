package io.streamtune.model.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamtune.model.DeviceChoice;
import io.streamtune.model.ModelRuntime;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.ClassifierConfig;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.model.encoder.EncoderConfig;
import io.streamtune.model.onnx.PretrainedEncoder;
import io.streamtune.model.tokenize.TokenizerSettings;
import io.streamtune.model.train.ClassifierTrainer;
import io.streamtune.model.train.OptimizerSettings;
import io.streamtune.model.train.TrainingExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a full fine-tuning step's time goes on the CPU: the step the model benchmark times
 * ({@code train_full_seq128_*}: batch 16, 128 tokens, all 6 layers, AdamW) run under libtorch's profiler, each
 * operator's self time (its time less the operators it called) summed into groups, against the step's wall time; the
 * rest is time outside libtorch's operators (DJL's JNI calls, NDArray bookkeeping, tokenising, Java). The matrix
 * products' own rate (their FLOPs over their self time) is set against the machine's matmul ceiling measured in the
 * same run (2048 x 2048 fp32 through the same engine): that separates "the kernels are slow" from "the step does
 * much besides matrix products".
 *
 * <p>{@code ./mvnw -B -pl model -am verify -Pbench -DskipTests -Dbench.model.skip=true -Dbench.client.skip=true}
 * writes {@code docs/benchmarks/model-profile.json} and the "## model: profile" section of docs/benchmarks.md.
 */
public final class TrainingProfile {

    private static final int BATCH = 16;
    private static final int SEQ = 128;

    /** Operator name → group; the first matching rule wins, anything else is "other". */
    private static final List<String[]> GROUPS = List.of(
            new String[] {"matrix products", "aten::mm", "aten::addmm", "aten::bmm", "aten::baddbmm",
                "aten::matmul", "aten::linear", "aten::_mkl", "mkldnn"},
            new String[] {"softmax", "softmax"},
            new String[] {"layer norm", "layer_norm"},
            new String[] {"GELU", "gelu"},
            new String[] {"dropout", "dropout", "bernoulli"},
            new String[] {"embedding", "embedding", "index_select", "index_add", "index_put"},
            new String[] {"copies and layout", "aten::copy_", "aten::clone", "aten::contiguous", "aten::_to_copy",
                "aten::to", "aten::cat", "aten::stack", "aten::fill_", "aten::zero_", "aten::zeros",
                "aten::empty", "aten::ones", "aten::full", "aten::transpose", "aten::permute", "aten::view",
                "aten::reshape", "aten::expand", "aten::as_strided", "aten::t", "aten::select", "aten::slice",
                "aten::unsqueeze", "aten::squeeze", "aten::_reshape_alias", "aten::resize_", "aten::detach"},
            new String[] {"element-wise (AdamW's update included)", "aten::add", "aten::sub", "aten::mul",
                "aten::div", "aten::sqrt", "aten::rsqrt", "aten::addcmul", "aten::addcdiv", "aten::lerp",
                "aten::pow", "aten::neg", "aten::exp", "aten::where", "aten::masked_fill", "aten::maximum",
                "aten::clamp", "aten::sum", "aten::mean", "aten::norm", "aten::linalg_vector_norm"},
            new String[] {"loss", "log_softmax", "nll_loss", "cross_entropy"});

    private TrainingProfile() {}

    public static void main(String[] args) throws Exception {
        Path json = Path.of(args.length > 0 ? args[0] : "docs/benchmarks/model-profile.json");
        Path md = Path.of(args.length > 1 ? args[1] : "docs/benchmarks.md");
        int steps = Integer.getInteger("bench.profileSteps", 4);
        String loadBefore = Machine.loadAverage();
        ModelRuntime.init();
        PretrainedEncoder encoder = PretrainedEncoder.miniLm();
        ClassifierConfig config = ClassifierConfig.defaults().withFineTuning(FineTuning.full())
                .withTokenizer(new TokenizerSettings(SEQ, 0, 1)).withDevice(DeviceChoice.AUTO);
        List<String> texts = Corpus.longTexts(BATCH);
        List<TrainingExample> batch = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            batch.add(TrainingExample.of(texts.get(i), i % 2));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        Map<String, Double> selfMicros;
        double wallMicros;
        double ceiling;
        EncoderConfig encoderConfig;
        try (Classifier c = Classifier.create(encoder, List.of("ham", "spam"), config);
                ClassifierTrainer t = new ClassifierTrainer(c, OptimizerSettings.defaults())) {
            encoderConfig = c.encoderConfig();
            t.step(batch);
            t.step(batch);
            // the step with libtorch's dropout against the step with the trainer's masks, alternating
            double[] ms = new double[2];
            for (int round = 0; round < 3; round++) {
                for (int variant = 0; variant < 2; variant++) {
                    io.streamtune.model.encoder.StepDropout.libtorchOnly(variant == 1);
                    long s0 = System.nanoTime();
                    t.step(batch);
                    ms[variant] += (System.nanoTime() - s0) / 1e6 / 3;
                }
            }
            io.streamtune.model.encoder.StepDropout.libtorchOnly(false);
            out.put("step_ms_unprofiled", ms[0]);
            out.put("step_ms_libtorch_dropout", ms[1]);
            out.put("speedup_over_libtorch_dropout", ms[1] / ms[0]);
            ceiling = matmulCeiling();
            Path trace = Files.createTempFile("streamtune-profile-", ".json");
            JniUtils.startProfile(false, false, false);
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                t.step(batch);
            }
            wallMicros = (System.nanoTime() - t0) / 1e3;
            JniUtils.stopProfile(trace.toString());
            selfMicros = selfTimes(new ObjectMapper().readTree(trace.toFile()));
            Files.deleteIfExists(trace);
            ceiling = (ceiling + matmulCeiling()) / 2;
        }
        Map<String, Double> groups = new LinkedHashMap<>();
        GROUPS.forEach(g -> groups.put(g[0], 0.0));
        groups.put("other operators", 0.0);
        double inOps = 0;
        for (Map.Entry<String, Double> e : selfMicros.entrySet()) {
            groups.merge(group(e.getKey()), e.getValue(), Double::sum);
            inOps += e.getValue();
        }
        double outside = Math.max(0, wallMicros - inOps);
        double matmulFlops = steps * BATCH * trainingFlops(encoderConfig, SEQ);
        double matmulSeconds = groups.get("matrix products") / 1e6;

        Map<String, Double> timed = new LinkedHashMap<>(out);
        out.clear();
        out.put("cores", (double) Runtime.getRuntime().availableProcessors());
        out.put("batch_size", (double) BATCH);
        out.put("seq_len", (double) SEQ);
        out.put("profiled_steps", (double) steps);
        out.put("step_ms", wallMicros / 1e3 / steps);
        out.put("share_matmul", groups.get("matrix products") / wallMicros);
        out.put("share_softmax", groups.get("softmax") / wallMicros);
        out.put("share_layer_norm", groups.get("layer norm") / wallMicros);
        out.put("share_gelu", groups.get("GELU") / wallMicros);
        out.put("share_dropout", groups.get("dropout") / wallMicros);
        out.put("share_embedding", groups.get("embedding") / wallMicros);
        out.put("share_copies", groups.get("copies and layout") / wallMicros);
        out.put("share_elementwise", groups.get("element-wise (AdamW's update included)") / wallMicros);
        out.put("share_loss", groups.get("loss") / wallMicros);
        out.put("share_other_ops", groups.get("other operators") / wallMicros);
        out.put("share_outside_libtorch", outside / wallMicros);
        out.put("matmul_ceiling_gflops", ceiling / 1e9);
        out.put("matmul_in_kernels_gflops", matmulFlops / matmulSeconds / 1e9);
        out.put("matmul_in_kernels_over_ceiling", matmulFlops / matmulSeconds / ceiling);
        out.put("step_over_ceiling", matmulFlops / (wallMicros / 1e6) / ceiling);
        out.putAll(timed);
        String load = loadBefore + " before, " + Machine.loadAverage() + " after";

        Files.createDirectories(json.toAbsolutePath().getParent());
        Map<String, Double> rounded = new LinkedHashMap<>();
        out.forEach((k, v) -> rounded.put(k, Math.round(v * 10_000) / 10_000.0));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), rounded);
        BenchmarkDoc.replaceSection(md, "model: profile", doc(out, groups, wallMicros, selfMicros, load, steps,
                encoderConfig));
        System.out.println(rounded);
    }

    /** Self time per operator name over every thread: an event's duration less the events nested in it. */
    static Map<String, Double> selfTimes(JsonNode trace) {
        JsonNode events = trace.isArray() ? trace : trace.path("traceEvents");
        Map<String, List<double[]>> byThread = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (JsonNode e : events) {
            if (!"X".equals(e.path("ph").asText()) || !e.has("dur")) {
                continue;
            }
            names.add(e.path("name").asText());
            byThread.computeIfAbsent(e.path("pid").asText() + "/" + e.path("tid").asText(), k -> new ArrayList<>())
                    .add(new double[] {e.path("ts").asDouble(), e.path("dur").asDouble(), names.size() - 1});
        }
        Map<String, Double> self = new HashMap<>();
        for (List<double[]> list : byThread.values()) {
            // outer events first: earlier start, then longer
            list.sort(Comparator.<double[]>comparingDouble(x -> x[0]).thenComparing(x -> -x[1]));
            List<double[]> stack = new ArrayList<>();
            double[] childTime = new double[list.size()];
            Map<double[], Integer> index = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                index.put(list.get(i), i);
            }
            for (double[] ev : list) {
                while (!stack.isEmpty()) {
                    double[] top = stack.get(stack.size() - 1);
                    if (ev[0] >= top[0] + top[1]) {
                        stack.remove(stack.size() - 1);
                    } else {
                        break;
                    }
                }
                if (!stack.isEmpty()) {
                    childTime[index.get(stack.get(stack.size() - 1))] += ev[1];
                }
                stack.add(ev);
            }
            for (int i = 0; i < list.size(); i++) {
                double[] ev = list.get(i);
                self.merge(names.get((int) ev[2]), Math.max(0, ev[1] - childTime[i]), Double::sum);
            }
        }
        return self;
    }

    static String group(String op) {
        for (String[] g : GROUPS) {
            for (int i = 1; i < g.length; i++) {
                if (g[i].startsWith("aten::") ? op.equals(g[i]) || op.equals(g[i] + "_") : op.contains(g[i])) {
                    return g[0];
                }
            }
        }
        return "other operators";
    }

    /** Matmul FLOPs of forward + backward (3 x forward) for one sequence through every layer. */
    private static double trainingFlops(EncoderConfig e, int seq) {
        double h = e.hiddenSize();
        double dense = 2.0 * seq * (4 * h * h + 2 * h * e.intermediateSize());
        double attention = 2.0 * 2 * seq * seq * h;
        return 3 * e.numLayers() * (dense + attention);
    }

    /** The machine's fp32 matmul rate through the same engine: 2048 x 2048, best of 5. */
    private static double matmulCeiling() {
        int n = 2048;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
            NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
            a.matMul(b).close();
            double best = 0;
            for (int r = 0; r < 5; r++) {
                long t0 = System.nanoTime();
                a.matMul(b).close();
                best = Math.max(best, 2.0 * n * n * n / ((System.nanoTime() - t0) / 1e9));
            }
            return best;
        }
    }

    private static String doc(Map<String, Double> n, Map<String, Double> groups, double wallMicros,
            Map<String, Double> self, String load, int steps, EncoderConfig enc) throws Exception {
        StringBuilder s = new StringBuilder();
        double dropoutValues = (double) BATCH * SEQ * enc.hiddenSize() * (1 + 2 * enc.numLayers())
                + (double) BATCH * enc.numHeads() * SEQ * SEQ * enc.numLayers();
        s.append(String.format(Locale.ROOT, "Machine: %s; load average %s. Command: `./mvnw -B -pl model -am verify "
                + "-Pbench -DskipTests -Dbench.model.skip=true -Dbench.client.skip=true` (writes "
                + "`docs/benchmarks/model-profile.json`).%n%n", Machine.describe(), load));
        s.append(String.format(Locale.ROOT, "Where the time of a full fine-tuning step goes (the step of "
                + "`train_full_seq128_*` in `model.json`: batch %d, %d tokens, all 6 layers and the head, AdamW; "
                + "%d steps after 2 warm-up steps, %.0f ms a step) under libtorch's profiler: each operator's self "
                + "time, summed into groups, as a share of the steps' wall time.%n%n", BATCH, SEQ, steps,
                n.get("step_ms")));
        s.append("| where | share of the step |\n|---|---:|\n");
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        for (Map.Entry<String, Double> e : sorted) {
            s.append(String.format(Locale.ROOT, "| %s | %.3f |%n", e.getKey(), e.getValue() / wallMicros));
        }
        s.append(String.format(Locale.ROOT, "| outside libtorch's operators (JNI calls, DJL's NDArray bookkeeping, "
                + "tokenising, Java) | %.3f |%n%n", n.get("share_outside_libtorch")));
        List<Map.Entry<String, Double>> ops = new ArrayList<>(self.entrySet());
        ops.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        s.append("The ten operators with the most self time: ");
        List<String> top = new ArrayList<>();
        for (Map.Entry<String, Double> e : ops.subList(0, Math.min(10, ops.size()))) {
            top.add(String.format(Locale.ROOT, "`%s` %.3f", e.getKey(), e.getValue() / wallMicros));
        }
        s.append(String.join(", ", top)).append(".");
        ops.stream().filter(x -> !group(x.getKey()).equals("matrix products")).findFirst().ifPresent(x -> s.append(
                String.format(Locale.ROOT, " The largest besides the matrix products is `%s`, %.3f of the step%s",
                        x.getKey(), x.getValue() / wallMicros, x.getKey().contains("bernoulli")
                        ? String.format(Locale.ROOT, ": dropout's masks, over the embeddings, each layer's two "
                        + "hidden-state outputs and its attention probabilities (%.1f M values a step), drawn at "
                        + "%.0f M values per second by libtorch's CPU generator.", dropoutValues / 1e6,
                        dropoutValues * steps / (x.getValue() / 1e6) / 1e6) : ".")));
        s.append("\n\n");
        s.append(String.format(Locale.ROOT, "Dropout's masks: the trainer draws them in Java, seeded per step "
                + "(`StepDropout`), instead of libtorch's `bernoulli_`; the same step with libtorch's dropout, "
                + "timed alternately with it in this run without the profiler: %.0f ms against %.0f ms, %.2fx "
                + "(`speedup_over_libtorch_dropout`).%n%n", n.get("step_ms_libtorch_dropout"),
                n.get("step_ms_unprofiled"), n.get("speedup_over_libtorch_dropout")));
        s.append(String.format(Locale.ROOT, "The matrix products themselves run at %.0f GFLOP/s (their FLOPs over "
                + "their own time), %.2f of the %.0f GFLOP/s a 2048 x 2048 fp32 matmul reaches through the same "
                + "engine in the same run; the whole step reaches %.2f of it (`step_over_ceiling`; the model "
                + "benchmark's `train_full_seq128_fraction_of_matmul` is the same ratio, aim >= 0.6). So the "
                + "distance to the aim is %s.%n", n.get("matmul_in_kernels_gflops"),
                n.get("matmul_in_kernels_over_ceiling"), n.get("matmul_ceiling_gflops"), n.get("step_over_ceiling"),
                n.get("matmul_in_kernels_over_ceiling") >= 0.6
                        ? "the time spent besides the matrix products (the table's other rows), not the kernels"
                        : "partly in the kernels themselves (this model's matrices, 128 x 384 per sequence, are far "
                        + "smaller than the ceiling's) and partly in the rest of the table"));
        return s.toString();
    }
}
