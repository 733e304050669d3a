package io.streamtune.training.linear;

import io.streamtune.features.HashedTfIdf;
import io.streamtune.contracts.LinearSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.model.IncompatibleCheckpointException;
import io.streamtune.model.checkpoint.Safetensors;
import io.streamtune.model.encoder.HostTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A linear model's checkpoint: {@code linear.json} (format, the feature recipe spelled out, labels, settings,
 * counters) and {@code linear.safetensors}, sparse over the buckets: int32 {@code buckets} [n] (every bucket that
 * holds anything, increasing), float32 {@code weights} [labels × n] and their AdaGrad accumulators {@code
 * weights_grad_squares} [labels × n], int32 {@code df} [n], and {@code bias} / {@code bias_grad_squares} [labels].
 * Every other bucket is zero everywhere. Sparse because a stream touches a small share of 2^20 buckets for a long
 * time (12 % after the demo's 965 SpamAssassin emails: 3.0 MB instead of the dense form's 20 MB for two labels), and a
 * shadow that costs next to nothing to train should not cost a full write at each of its checkpoints. The accumulators are what an exact
 * resume needs; a scorer reads only weights, bias, {@code df} and {@code documents}.
 */
final class LinearCheckpoint {

    static final String METADATA = "linear.json";
    static final String TENSORS = "linear.safetensors";
    static final String FORMAT = "streamtune-linear";
    static final int VERSION = 2;
    private static final String HASH = "murmur3_x86_32";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LinearCheckpoint() {
    }

    /** A model and how many steps trained it. */
    record Loaded(LinearModel model, long steps) {
    }

    static void write(Path dir, LinearModel model, long steps) throws IOException {
        Files.createDirectories(dir);
        HashedTfIdf features = model.features();
        OnlineLogisticRegression regression = model.regression();
        LinearSettings config = model.config();
        List<String> labels = regression.labels();
        int dims = regression.dims();

        ObjectNode meta = JSON.createObjectNode();
        meta.put("format", FORMAT);
        meta.put("version", VERSION);
        ObjectNode spec = meta.putObject("features");
        spec.put("hash", HASH);
        spec.put("seed", HashedTfIdf.SEED);
        spec.put("hashInput", "UTF-8 bytes of the term");
        spec.put("bucket", "hash & (2^bits - 1)");
        spec.put("bits", features.bits());
        spec.put("lowercase", "whole text, Locale.ROOT");
        spec.put("tokenSeparator", HashedTfIdf.TOKEN_SEPARATOR);
        spec.put("maxTokenLength", HashedTfIdf.MAX_TOKEN_LENGTH);
        spec.putArray("ngrams").add(1).add(2);
        spec.put("bigram", "previous token + ' ' + token");
        spec.put("tf", "1 + ln(count)");
        spec.put("idf", "ln((documents + 1) / (df + 1)) + 1");
        spec.put("normalisation", "l2");
        spec.put("logits", "bias + weights . x");
        var names = meta.putArray("labels");
        labels.forEach(names::add);
        ObjectNode conf = meta.putObject("config");
        conf.put("bits", config.bits());
        conf.put("learningRate", config.learningRate());
        conf.put("l2", config.l2());
        meta.put("documents", features.documents());
        meta.put("steps", steps);

        int[] df = features.documentFrequencies();
        int[] buckets = java.util.stream.IntStream.range(0, dims).filter(j -> df[j] != 0 || used(regression, labels
                .size(), j)).toArray();
        int n = buckets.length;
        float[] weights = new float[labels.size() * n];
        float[] squares = new float[labels.size() * n];
        int[] frequencies = new int[n];
        for (int i = 0; i < n; i++) {
            frequencies[i] = df[buckets[i]];
        }
        for (int c = 0; c < labels.size(); c++) {
            float[] w = regression.weights(c);
            float[] g = regression.gradSquares(c);
            for (int i = 0; i < n; i++) {
                weights[c * n + i] = w[buckets[i]];
                squares[c * n + i] = g[buckets[i]];
            }
        }
        meta.put("encoding", "sparse: buckets lists the used buckets; weights[c][i] and df[i] are bucket buckets[i]'s");
        Map<String, HostTensor> floats = new LinkedHashMap<>();
        long[] matrix = {labels.size(), n};
        long[] vector = {labels.size()};
        floats.put("weights", new HostTensor(matrix, weights));
        floats.put("bias", new HostTensor(vector, regression.bias().clone()));
        floats.put("weights_grad_squares", new HostTensor(matrix, squares));
        floats.put("bias_grad_squares", new HostTensor(vector, regression.biasGradSquares().clone()));
        Map<String, int[]> ints = new LinkedHashMap<>();
        ints.put("buckets", buckets);
        ints.put("df", frequencies);
        Safetensors.write(dir.resolve(TENSORS), floats, ints);
        JSON.writeValue(dir.resolve(METADATA).toFile(), meta);
    }

    /** Whether any class has a weight or an accumulated gradient in bucket {@code j}. */
    private static boolean used(OnlineLogisticRegression regression, int classes, int j) {
        for (int c = 0; c < classes; c++) {
            if (regression.weights(c)[j] != 0 || regression.gradSquares(c)[j] != 0) {
                return true;
            }
        }
        return false;
    }

    static Loaded read(Path dir) throws IOException {
        Path metaFile = require(dir, METADATA);
        JsonNode meta = JSON.readTree(metaFile.toFile());
        if (!FORMAT.equals(meta.path("format").asText()) || meta.path("version").asInt() != VERSION) {
            throw new IncompatibleCheckpointException(metaFile + " is not a " + FORMAT + " checkpoint of version "
                    + VERSION + ": format '" + meta.path("format").asText() + "', version "
                    + meta.path("version").asText() + ".");
        }
        JsonNode spec = meta.path("features");
        if (!HASH.equals(spec.path("hash").asText()) || spec.path("seed").asInt(-1) != HashedTfIdf.SEED
                || !HashedTfIdf.TOKEN_SEPARATOR.equals(spec.path("tokenSeparator").asText())
                || spec.path("maxTokenLength").asInt() != HashedTfIdf.MAX_TOKEN_LENGTH) {
            throw new IncompatibleCheckpointException(metaFile + " describes other features than this build"
                    + " computes: " + spec);
        }
        JsonNode conf = meta.path("config");
        LinearSettings config = new LinearSettings(conf.path("bits").asInt(), conf.path("learningRate").asDouble(),
                conf.path("l2").asDouble());
        List<String> labels = new ArrayList<>();
        meta.path("labels").forEach(l -> labels.add(l.asText()));
        int dims = 1 << config.bits();

        Safetensors.Contents tensors = Safetensors.readContents(require(dir, TENSORS));
        int[] buckets = tensors.ints().get("buckets");
        int[] frequencies = tensors.ints().get("df");
        if (buckets == null || frequencies == null || frequencies.length != buckets.length) {
            throw new IncompatibleCheckpointException(TENSORS + " in " + dir + " needs int32 'buckets' and 'df' of "
                    + "the same length.");
        }
        int n = buckets.length;
        float[][] sparseWeights = rows(tensors, "weights", labels.size(), n);
        float[][] sparseSquares = rows(tensors, "weights_grad_squares", labels.size(), n);
        float[] bias = rows(tensors, "bias", 1, labels.size())[0];
        float[] biasSquares = rows(tensors, "bias_grad_squares", 1, labels.size())[0];
        float[][] weights = new float[labels.size()][dims];
        float[][] squares = new float[labels.size()][dims];
        int[] df = new int[dims];
        int previous = -1;
        for (int i = 0; i < n; i++) {
            int j = buckets[i];
            if (j <= previous || j >= dims) {
                throw new IncompatibleCheckpointException(TENSORS + " in " + dir + ": bucket " + j + " at " + i
                        + " is out of order or outside 2^" + config.bits() + ".");
            }
            previous = j;
            df[j] = frequencies[i];
            for (int c = 0; c < labels.size(); c++) {
                weights[c][j] = sparseWeights[c][i];
                squares[c][j] = sparseSquares[c][i];
            }
        }
        OnlineLogisticRegression regression = OnlineLogisticRegression.restore(dims, config.learningRate(),
                config.l2(), labels, weights, squares, bias, biasSquares);
        HashedTfIdf features = new HashedTfIdf(config.bits(), df, meta.path("documents").asLong());
        return new Loaded(new LinearModel(config, features, regression), meta.path("steps").asLong());
    }

    /** A float tensor of {@code rows × cols} values (a vector when rows is 1), as rows. */
    private static float[][] rows(Safetensors.Contents tensors, String name, int rows, int cols)
            throws IncompatibleCheckpointException {
        HostTensor t = tensors.floats().get(name);
        if (t == null || t.data().length != (long) rows * cols) {
            throw new IncompatibleCheckpointException(TENSORS + " needs a float32 '" + name + "' of " + rows + " × "
                    + cols + " values" + (t == null ? "; it has none." : ", not " + t.data().length + "."));
        }
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(t.data(), r * cols, out[r], 0, cols);
        }
        return out;
    }

    private static Path require(Path dir, String name) throws IncompatibleCheckpointException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IncompatibleCheckpointException("no " + name + " in " + dir + ": not a linear checkpoint.");
        }
        return file;
    }
}
