package io.streamtune.training.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.model.IncompatibleCheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The linear half of a transformer model ({@code TrainingSettings.linearWeight} above 0), as a checkpoint keeps it:
 * the transformer's files as they are, {@value #FILE} beside them (format and the weight), and the linear model's
 * files ({@link LinearLearner#save}) in the folder {@value #FOLDER}. The model's class probabilities are
 * {@code (1 - weight) · softmax(transformer logits) + weight · softmax(linear logits)} ({@link #blend}); its logits are
 * their logarithm, so a softmax of them gives the blend back.
 *
 * @param model the linear model
 * @param weight its weight in the blend, in (0, 1)
 */
public record LinearHalf(LinearModel model, double weight) {

    /** The folder of the linear model's files inside the transformer's. */
    public static final String FOLDER = "linear";
    /** The file that marks a blended model and holds the weight. */
    public static final String FILE = "blend.json";
    static final String FORMAT = "streamtune-blend";
    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes the marker file into a model folder whose {@link #FOLDER} the linear learner saves into. */
    public static void writeMarker(Path dir, double weight) throws IOException {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("format", FORMAT);
        meta.put("version", VERSION);
        meta.put("linearWeight", weight);
        meta.put("linear", FOLDER + "/");
        meta.put("probabilities", "(1 - linearWeight) * softmax(transformer logits) + linearWeight * "
                + "softmax(linear logits)");
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(FILE).toFile(), meta);
    }

    /**
     * The folder of a blended model in a checkpoint or version (as {@link LinearModel#folderIn}: {@code model/} or
     * the folder itself); empty when it holds a transformer alone or another family.
     */
    public static Optional<Path> folderIn(Path dir) {
        for (Path candidate : List.of(dir.resolve("model"), dir)) {
            if (Files.isRegularFile(candidate.resolve(FILE))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The weight {@link #FILE} in a model folder records. */
    static double readWeight(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        JsonNode meta = JSON.readTree(file.toFile());
        double weight = meta.path("linearWeight").asDouble(Double.NaN);
        if (!FORMAT.equals(meta.path("format").asText()) || meta.path("version").asInt() != VERSION
                || !(weight > 0 && weight < 1)) {
            throw new IncompatibleCheckpointException(file + " is not a " + FORMAT + " file of version " + VERSION
                    + " with a linearWeight in (0, 1): " + meta);
        }
        return weight;
    }

    /** The linear half of a blended model folder ({@link #folderIn}'s), for scoring. */
    public static LinearHalf load(Path modelDir) throws IOException {
        return new LinearHalf(LinearModel.load(modelDir.resolve(FOLDER)), readWeight(modelDir));
    }

    /** This half as the serving file an app computes it from ({@link LinearHalfFile}). */
    public void writeServing(Path file) throws IOException {
        model.portable(weight).write(file);
    }

    /** The blended probabilities of texts whose transformer probabilities are {@code transformer}, [text][label]. */
    public float[][] blend(float[][] transformer, List<String> texts) {
        double[][] linear = model.probabilities(texts);
        float[][] out = new float[transformer.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[transformer[i].length];
            for (int c = 0; c < out[i].length; c++) {
                out[i][c] = (float) ((1 - weight) * transformer[i][c] + weight * linear[i][c]);
            }
        }
        return out;
    }

    /**
     * The blend of two rows of logits over the same labels, as logits: {@code ln((1 - weight) · softmax(a) + weight
     * · softmax(b))}.
     */
    public static float[] blendLogits(float[] transformer, float[] linear, double weight) {
        if (transformer.length != linear.length) {
            throw new IllegalArgumentException("the halves disagree on the labels: " + transformer.length + " and "
                    + linear.length + " logits.");
        }
        double[] p = softmax(transformer);
        double[] q = softmax(linear);
        float[] out = new float[p.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = (float) Math.log(Math.max((1 - weight) * p[c] + weight * q[c], Double.MIN_NORMAL));
        }
        return out;
    }

    private static double[] softmax(float[] logits) {
        double[] z = new double[logits.length];
        for (int c = 0; c < z.length; c++) {
            z[c] = logits[c];
        }
        return OnlineLogisticRegression.softmax(z, null);
    }
}
