package io.streamtune.training.linear;

import io.streamtune.features.HashedTfIdf;
import io.streamtune.features.LinearHalfFile;
import io.streamtune.contracts.LinearSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A linear model for scoring: features and weights as a checkpoint holds them, read-only from outside. The learner
 * keeps one and trains it in place, so training and serving score a text with the same code.
 */
public final class LinearModel {

    private final LinearSettings config;
    private final HashedTfIdf features;
    private final OnlineLogisticRegression regression;

    LinearModel(LinearSettings config, HashedTfIdf features, OnlineLogisticRegression regression) {
        this.config = config;
        this.features = features;
        this.regression = regression;
    }

    /** A fresh model for {@code labels}: zero weights, no documents seen. */
    static LinearModel fresh(LinearSettings config, List<String> labels) {
        OnlineLogisticRegression regression = new OnlineLogisticRegression(1 << config.bits(), config.learningRate(),
                config.l2());
        labels.forEach(regression::addLabel);
        return new LinearModel(config, new HashedTfIdf(config.bits()), regression);
    }

    /** Where a learner's files are, for {@link #folderIn}. */
    public static final String METADATA_FILE = LinearCheckpoint.METADATA;

    /**
     * The folder of a linear model inside a checkpoint or version: the trainer keeps a learner's files under {@code
     * model/}; a bare {@link LinearLearner#save} folder has them at its root. Empty when neither holds a linear model
     * (another family's files).
     */
    public static java.util.Optional<Path> folderIn(Path dir) {
        for (Path candidate : List.of(dir.resolve("model"), dir)) {
            if (java.nio.file.Files.isRegularFile(candidate.resolve(METADATA_FILE))) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    /** The model in a checkpoint directory ({@link LinearLearner#save}'s files). */
    public static LinearModel load(Path dir) throws IOException {
        return LinearCheckpoint.read(dir).model();
    }

    public List<String> labels() {
        return regression.labels();
    }

    public LinearSettings config() {
        return config;
    }

    /** Logits of texts, [text][label]. */
    public float[][] logits(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = regression.logits(features.vector(texts.get(i)));
        }
        return out;
    }

    /** The softmax of {@link #logits}, [text][label]. */
    public double[][] probabilities(List<String> texts) {
        double[][] out = new double[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = regression.probabilities(features.vector(texts.get(i)));
        }
        return out;
    }

    /**
     * This model as the portable file a served model's linear half is ({@link LinearHalfFile}): sparse over the
     * buckets that hold a document frequency or a weight, as a checkpoint keeps it.
     */
    public LinearHalfFile portable(double linearWeight) {
        int[] df = features.documentFrequencies();
        List<String> labels = regression.labels();
        int[] buckets = java.util.stream.IntStream.range(0, df.length).filter(j -> df[j] != 0 || weighted(j))
                .toArray();
        int[] frequencies = new int[buckets.length];
        float[][] weights = new float[labels.size()][buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            frequencies[i] = df[buckets[i]];
            for (int c = 0; c < labels.size(); c++) {
                weights[c][i] = regression.weights(c)[buckets[i]];
            }
        }
        return new LinearHalfFile(labels, linearWeight, config.bits(), features.documents(), buckets, frequencies,
                weights, regression.bias().clone());
    }

    private boolean weighted(int bucket) {
        for (int c = 0; c < regression.labels().size(); c++) {
            if (regression.weights(c)[bucket] != 0) {
                return true;
            }
        }
        return false;
    }

    /** Buckets seen in a trained text (document frequency above zero). */
    public int usedBuckets() {
        int n = 0;
        for (int f : features.documentFrequencies()) {
            n += f == 0 ? 0 : 1;
        }
        return n;
    }

    HashedTfIdf features() {
        return features;
    }

    OnlineLogisticRegression regression() {
        return regression;
    }
}
