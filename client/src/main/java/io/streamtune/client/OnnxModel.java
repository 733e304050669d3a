package io.streamtune.client;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.features.HashedTfIdf;
import io.streamtune.features.LinearHalfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Streamtune classifier exported as serving files (docs/serving.md), scored the way Streamtune scores it: the
 * HuggingFace tokenizer set from the model's metadata cuts each text into up to {@code streamtune.max_windows} windows
 * of {@code streamtune.max_length} tokens, ONNX Runtime runs the windows of all texts in batches sorted by length (each
 * padded to its longest, padding masked out), and a text's logits are the mean of its windows' rows.
 *
 * <p>The folder holds {@value #MODEL} (inputs {@value #INPUT_IDS} and {@value #ATTENTION_MASK}, output
 * {@value #LOGITS}), {@value #LABELS_FILE} (the labels in logit order) and {@value #TOKENIZER}; a model with a linear
 * half also {@link LinearHalfFile#FILE}, blended into the logits as the evaluator scored it. Thread-safe: ONNX
 * Runtime sessions and the tokenizer may be used from many threads at once; {@link #close()} must come after the last
 * call ({@link Predictor} counts the calls in flight for that).
 */
public final class OnnxModel implements AutoCloseable {

    /** The ONNX graph. */
    public static final String MODEL = "model.onnx";
    /** The labels as a JSON array, in logit order. */
    public static final String LABELS_FILE = "labels.json";
    /** The HuggingFace tokenizer the model was trained with. */
    public static final String TOKENIZER = "tokenizer.json";
    /** The three files a serving folder must hold. */
    public static final List<String> FILES = List.of(MODEL, TOKENIZER, LABELS_FILE);

    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String LOGITS = "logits";
    /** Metadata keys the export writes. */
    public static final String META_LABELS = "streamtune.labels";
    public static final String META_MAX_LENGTH = "streamtune.max_length";
    public static final String META_STRIDE = "streamtune.stride";
    public static final String META_MAX_WINDOWS = "streamtune.max_windows";
    public static final String META_WINDOWS = "streamtune.windows";
    /** The only way of combining windows there is: the mean of their logits. */
    public static final String MEAN_OF_LOGITS = "mean-of-logits";

    /** The ONNX Runtime session setting {@link #load(Path, ModelVersion)} sets to 0: no spinning intra-op threads. */
    public static final String NO_SPINNING = "session.intra_op.allow_spinning";

    /** Windows per ONNX Runtime call. */
    private static final int BATCH = 32;

    /**
     * Stack of the thread that loads ONNX Runtime and makes a session. ONNX Runtime's native start-up and graph
     * optimisation run on the calling thread and need more stack than a Java thread may have left: the demo's JVM,
     * loading a model on its main thread (1 MB by default, part of it used by the launcher for a long class path),
     * died with SIGSEGV in {@code OrtEnvironment.getEnvironment()}. On a thread of its own with this much room nothing
     * depends on the caller's stack.
     */
    static final long LOAD_STACK_BYTES = 64L << 20;

    private final OrtEnvironment env;
    private final Path directory;
    private final ModelVersion version;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, String> metadata;
    private final int maxWindows;
    private final List<String> labels;
    /** The linear half and its features, or null for the transformer alone. */
    private final LinearHalfFile linear;
    private final HashedTfIdf linearFeatures;

    private OnnxModel(Path directory, ModelVersion version, OrtSession.SessionOptions options) throws IOException {
        this.directory = directory;
        this.version = version;
        for (String f : FILES) {
            if (!Files.isRegularFile(directory.resolve(f))) {
                throw new IOException("not a serving folder: " + directory + " has no " + f);
            }
        }
        session = createSession(directory.resolve(MODEL).toString(), options);
        env = OrtEnvironment.getEnvironment();
        try {
            metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
            String windows = metadata.getOrDefault(META_WINDOWS, MEAN_OF_LOGITS);
            if (!MEAN_OF_LOGITS.equals(windows)) {
                throw new IOException(META_WINDOWS + " is " + windows + "; this client knows " + MEAN_OF_LOGITS);
            }
            maxWindows = Integer.parseInt(metadata.getOrDefault(META_MAX_WINDOWS, "4"));
            labels = List.of(new ObjectMapper().readValue(directory.resolve(LABELS_FILE).toFile(), String[].class));
            if (labels.isEmpty()) {
                throw new IOException(directory.resolve(LABELS_FILE) + " lists no label");
            }
            Path half = directory.resolve(LinearHalfFile.FILE);
            linear = Files.isRegularFile(half) ? LinearHalfFile.read(half) : null;
            if (linear != null && !linear.labels().equals(labels)) {
                throw new IOException(half + " scores the labels " + linear.labels() + ", the ONNX model " + labels);
            }
            linearFeatures = linear == null ? null : linear.features();
            tokenizer = HuggingFaceTokenizer.newInstance(directory.resolve(TOKENIZER), Map.of(
                    "truncation", "true",
                    "padding", "false",
                    "maxLength", metadata.getOrDefault(META_MAX_LENGTH, "128"),
                    "stride", metadata.getOrDefault(META_STRIDE, "0")));
        } catch (IOException | OrtException | RuntimeException e) {
            closeQuietly(session);
            throw e instanceof IOException io ? io : new IOException("cannot read " + directory + ": " + e, e);
        }
    }

    /** ONNX Runtime's environment (loaded on first use) and a session, made on a thread with {@link #LOAD_STACK_BYTES}. */
    private static OrtSession createSession(String model, OrtSession.SessionOptions options) throws IOException {
        Object[] result = new Object[1];
        Thread loader = new Thread(null, () -> {
            try {
                result[0] = OrtEnvironment.getEnvironment().createSession(model, options);
            } catch (OrtException | RuntimeException | Error e) {
                result[0] = e;
            }
        }, "streamtune-onnx-load", LOAD_STACK_BYTES);
        loader.start();
        boolean interrupted = false;
        while (true) {
            try {
                loader.join(); // a session half made cannot be abandoned: wait for it, keep the interrupt
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (result[0] instanceof OrtSession session) {
            return session;
        }
        if (result[0] instanceof Error e) {
            throw e;
        }
        Throwable e = (Throwable) result[0];
        throw new IOException("ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
    }

    /** The serving files in {@code directory}, with no registry version. */
    public static OnnxModel load(Path directory) throws IOException {
        return load(directory, null);
    }

    /** The serving files in {@code directory}, which are {@code version} of a registry's model. */
    public static OnnxModel load(Path directory, ModelVersion version) throws IOException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // ONNX Runtime's intra-op threads spin between runs by default, which costs the other threads of the
            // app (and of the machine) their cores: on 2 shared cores a batch took about 1.4x as long with spinning on
            // (docs/benchmarks.md, ## client)
            options.addConfigEntry(NO_SPINNING, "0");
            return new OnnxModel(directory, version, options);
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime refused its session settings: " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #load(Path, ModelVersion)} with ONNX Runtime's session settings (threads, spinning, optimisation
     * level) as given, ONNX Runtime's defaults for the rest; {@code options} stay the caller's to close.
     */
    public static OnnxModel load(Path directory, ModelVersion version, OrtSession.SessionOptions options)
            throws IOException {
        return new OnnxModel(directory, version, options);
    }

    /** The folder the files were read from. */
    public Path directory() {
        return directory;
    }

    /** The registry version these files are, when the loader said. */
    public Optional<ModelVersion> version() {
        return Optional.ofNullable(version);
    }

    /** The labels in logit order: {@code logits[i]} scores {@code labels().get(i)}. */
    public List<String> labels() {
        return labels;
    }

    /** The model's ONNX metadata ({@code streamtune.*} keys: see docs/serving.md). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The weight of the linear half ({@link LinearHalfFile}) in the model's probabilities; 0 when it has none. */
    public double linearWeight() {
        return linear == null ? 0 : linear.linearWeight();
    }

    /**
     * Logits {@code [texts][labels]}: each text's the mean of its windows' (up to {@code streamtune.max_windows});
     * for a model with a linear half, the logarithm of the blend of both halves' probabilities, {@code ln((1 - w) ·
     * softmax(ONNX logits) + w · p_linear)}, which is what the evaluator scored (a softmax of them gives the blend).
     *
     * @throws IllegalStateException when ONNX Runtime fails (a closed model included)
     */
    public float[][] logits(List<String> texts) {
        List<long[]> windows = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int t = 0; t < texts.size(); t++) {
            Encoding e = tokenizer.encode(texts.get(t), true, true);
            windows.add(e.getIds());
            owners.add(t);
            Encoding[] overflow = e.getOverflowing();
            for (int i = 0; overflow != null && i < overflow.length && i < maxWindows - 1; i++) {
                windows.add(overflow[i].getIds());
                owners.add(t);
            }
        }
        // batches of windows of similar length pad little
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> windows.get(i).length));
        float[][] out = new float[texts.size()][labels.size()];
        int[] counts = new int[texts.size()];
        for (int start = 0; start < order.size(); start += BATCH) {
            List<Integer> part = order.subList(start, Math.min(order.size(), start + BATCH));
            float[][] rows = run(part.stream().map(windows::get).toList());
            for (int r = 0; r < rows.length; r++) {
                int t = owners.get(part.get(r));
                counts[t]++;
                for (int l = 0; l < rows[r].length; l++) {
                    out[t][l] += rows[r][l];
                }
            }
        }
        for (int t = 0; t < out.length; t++) {
            for (int l = 0; l < out[t].length; l++) {
                out[t][l] /= counts[t];
            }
        }
        return linear == null ? out : blend(out, linear.probabilities(linearFeatures, texts));
    }

    private float[][] blend(float[][] logits, double[][] q) {
        double w = linear.linearWeight();
        for (int t = 0; t < logits.length; t++) {
            double[] z = new double[logits[t].length];
            for (int l = 0; l < z.length; l++) {
                z[l] = logits[t][l];
            }
            double[] p = LinearHalfFile.softmax(z, null);
            for (int l = 0; l < z.length; l++) {
                logits[t][l] = (float) Math.log(Math.max((1 - w) * p[l] + w * q[t][l], Double.MIN_NORMAL));
            }
        }
        return logits;
    }

    /** Tokens per window of each text's first window, [CLS] and [SEP] included (for benchmarks and diagnostics). */
    public int[] firstWindowLengths(List<String> texts) {
        int[] out = new int[texts.size()];
        for (int t = 0; t < texts.size(); t++) {
            out[t] = tokenizer.encode(texts.get(t), true, true).getIds().length;
        }
        return out;
    }

    /** One row of logits per window; the batch pads to its longest window, padding masked out. */
    private float[][] run(List<long[]> batch) {
        int length = batch.stream().mapToInt(w -> w.length).max().orElse(0);
        long[][] ids = new long[batch.size()][length];
        long[][] mask = new long[batch.size()][length];
        for (int i = 0; i < batch.size(); i++) {
            long[] w = batch.get(i);
            System.arraycopy(w, 0, ids[i], 0, w.length);
            Arrays.fill(mask[i], 0, w.length, 1);
        }
        try (OnnxTensor a = OnnxTensor.createTensor(env, ids);
                OnnxTensor m = OnnxTensor.createTensor(env, mask);
                OrtSession.Result r = session.run(Map.of(INPUT_IDS, a, ATTENTION_MASK, m))) {
            return (float[][]) r.get(LOGITS).orElseThrow(() -> new IllegalStateException("no output " + LOGITS))
                    .getValue();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + directory.resolve(MODEL) + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        tokenizer.close();
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException e) {
            // nothing to do: the native session is gone either way
        }
    }

    @Override
    public String toString() {
        return "OnnxModel[" + (version == null ? directory : version) + "]";
    }
}
