package io.streamtune.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The linear half of a served model in one portable JSON file, {@value #FILE}: what an app needs to compute it
 * beside the ONNX graph (docs/serving.md). The feature recipe ({@link HashedTfIdf}: MurmurHash3 x86 32-bit of
 * lower-cased unigrams and bigrams into {@code 2^bits} buckets, {@code (1 + ln tf) · (ln((documents + 1) / (df + 1))
 * + 1)}, L2-normalised) is spelled out in the file; the weights are sparse over the buckets the stream used. The
 * model's class probabilities are {@code (1 - linearWeight) · softmax(ONNX logits) + linearWeight ·
 * softmax(bias + weights · x)}.
 *
 * @param labels in logit order, the ONNX model's order
 * @param linearWeight the linear half's weight in the blend, in (0, 1)
 * @param bits buckets are {@code 2^bits}
 * @param documents examples counted into the document frequencies
 * @param buckets every bucket with a document frequency or a weight, increasing
 * @param df the document frequency of {@code buckets[i]}
 * @param weights {@code weights[c][i]}: label c's weight on {@code buckets[i]}
 * @param bias per label
 */
public record LinearHalfFile(List<String> labels, double linearWeight, int bits, long documents, int[] buckets,
        int[] df, float[][] weights, float[] bias) {

    /** The file's name in a serving folder. */
    public static final String FILE = "linear-half.json";
    public static final String FORMAT = "streamtune-linear-half";
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    public LinearHalfFile {
        labels = List.copyOf(labels);
        int n = buckets.length;
        if (bits < 8 || bits > 26) {
            throw new IllegalArgumentException("bits must be between 8 and 26, got " + bits);
        }
        if (!(linearWeight > 0 && linearWeight < 1)) {
            throw new IllegalArgumentException("linearWeight must be in (0, 1), got " + linearWeight);
        }
        if (df.length != n || weights.length != labels.size() || bias.length != labels.size()
                || Arrays.stream(weights).anyMatch(w -> w.length != n)) {
            throw new IllegalArgumentException("a linear half over " + labels.size() + " labels and " + n
                    + " buckets needs as many document frequencies, a weight row per label of " + n + " and a bias"
                    + " per label");
        }
        for (int i = 0; i < n; i++) {
            if (buckets[i] < 0 || buckets[i] >= 1 << bits || (i > 0 && buckets[i] <= buckets[i - 1])) {
                throw new IllegalArgumentException("bucket " + buckets[i] + " at " + i + " is out of order or "
                        + "outside 2^" + bits);
            }
        }
    }

    /** The features of this file's vocabulary statistics, to score texts with. */
    public HashedTfIdf features() {
        int[] dense = new int[1 << bits];
        for (int i = 0; i < buckets.length; i++) {
            dense[buckets[i]] = df[i];
        }
        return new HashedTfIdf(bits, dense, documents);
    }

    /**
     * The linear half's class probabilities of each text, [text][label], with {@code features} from {@link
     * #features()} (made once: it holds {@code 2^bits} frequencies).
     */
    public double[][] probabilities(HashedTfIdf features, List<String> texts) {
        double[][] out = new double[texts.size()][];
        for (int t = 0; t < out.length; t++) {
            HashedTfIdf.SparseVector x = features.vector(texts.get(t));
            int[] columns = new int[x.indices().length];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = Arrays.binarySearch(buckets, x.indices()[i]); // negative: a bucket without weights
            }
            double[] z = new double[labels.size()];
            for (int c = 0; c < z.length; c++) {
                // as the trainer's logistic regression sums them: float products into a double, in bucket order
                double s = bias[c];
                for (int i = 0; i < columns.length; i++) {
                    if (columns[i] >= 0) {
                        s += weights[c][columns[i]] * x.values()[i];
                    }
                }
                z[c] = s;
            }
            out[t] = softmax(z, null);
        }
        return out;
    }

    /** Softmax over the classes {@code among} (all when null); the others get 0. */
    public static double[] softmax(double[] z, boolean[] among) {
        double[] p = new double[z.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < z.length; c++) {
            if (among == null || among[c]) {
                max = Math.max(max, z[c]);
            }
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            if (among == null || among[c]) {
                p[c] = Math.exp(z[c] - max);
                sum += p[c];
            }
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("linearWeight", linearWeight);
        root.put("probabilities", "(1 - linearWeight) * softmax(ONNX logits) + linearWeight * softmax(bias + "
                + "weights . x)");
        ObjectNode spec = root.putObject("features");
        spec.put("hash", "murmur3_x86_32");
        spec.put("seed", HashedTfIdf.SEED);
        spec.put("hashInput", "UTF-8 bytes of the term");
        spec.put("bucket", "hash & (2^bits - 1)");
        spec.put("bits", bits);
        spec.put("lowercase", "whole text, Locale.ROOT");
        spec.put("tokenSeparator", HashedTfIdf.TOKEN_SEPARATOR);
        spec.put("maxTokenLength", HashedTfIdf.MAX_TOKEN_LENGTH);
        spec.put("bigram", "previous token + ' ' + token");
        spec.put("tf", "1 + ln(count)");
        spec.put("idf", "ln((documents + 1) / (df + 1)) + 1");
        spec.put("normalisation", "l2");
        root.put("documents", documents);
        ArrayNode names = root.putArray("labels");
        labels.forEach(names::add);
        ArrayNode b = root.putArray("buckets");
        Arrays.stream(buckets).forEach(b::add);
        ArrayNode d = root.putArray("df");
        Arrays.stream(df).forEach(d::add);
        ArrayNode bs = root.putArray("bias");
        for (float v : bias) {
            bs.add(v);
        }
        ArrayNode ws = root.putArray("weights");
        for (float[] row : weights) {
            ArrayNode r = ws.addArray();
            for (float v : row) {
                r.add(v);
            }
        }
        JSON.writeValue(file.toFile(), root);
    }

    /** Reads {@link #write}'s file; refuses another format, version or feature recipe than this build computes. */
    public static LinearHalfFile read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode spec = root.path("features");
        if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
            throw new IOException(file + " is not a " + FORMAT + " file of version " + VERSION + ": format '"
                    + root.path("format").asText() + "', version " + root.path("version").asText());
        }
        if (!"murmur3_x86_32".equals(spec.path("hash").asText()) || spec.path("seed").asInt(-1) != HashedTfIdf.SEED
                || !HashedTfIdf.TOKEN_SEPARATOR.equals(spec.path("tokenSeparator").asText())
                || spec.path("maxTokenLength").asInt() != HashedTfIdf.MAX_TOKEN_LENGTH) {
            throw new IOException(file + " describes other features than this build computes: " + spec);
        }
        List<String> labels = new ArrayList<>();
        root.path("labels").forEach(l -> labels.add(l.asText()));
        float[][] weights = new float[labels.size()][];
        for (int c = 0; c < labels.size(); c++) {
            weights[c] = floats(root.path("weights").path(c));
        }
        try {
            return new LinearHalfFile(labels, root.path("linearWeight").asDouble(), spec.path("bits").asInt(),
                    root.path("documents").asLong(), ints(root.path("buckets")), ints(root.path("df")), weights,
                    floats(root.path("bias")));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).floatValue();
        }
        return out;
    }
}
