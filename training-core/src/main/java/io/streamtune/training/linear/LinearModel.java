package io.streamtune.training.linear;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A linear model for scoring: features and weights as a checkpoint holds them, read-only from outside. The learner
 * keeps one and trains it in place, so training and serving score a text with the same code.
 */
public final class LinearModel {

    private final LinearConfig config;
    private final HashedTfIdf features;
    private final OnlineLogisticRegression regression;

    LinearModel(LinearConfig config, HashedTfIdf features, OnlineLogisticRegression regression) {
        this.config = config;
        this.features = features;
        this.regression = regression;
    }

    /** A fresh model for {@code labels}: zero weights, no documents seen. */
    static LinearModel fresh(LinearConfig config, List<String> labels) {
        OnlineLogisticRegression regression = new OnlineLogisticRegression(1 << config.bits(), config.learningRate(),
                config.l2());
        labels.forEach(regression::addLabel);
        return new LinearModel(config, new HashedTfIdf(config.bits()), regression);
    }

    /** The model in a checkpoint directory ({@link LinearLearner#save}'s files). */
    public static LinearModel load(Path dir) throws IOException {
        return LinearCheckpoint.read(dir).model();
    }

    public List<String> labels() {
        return regression.labels();
    }

    public LinearConfig config() {
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

    HashedTfIdf features() {
        return features;
    }

    OnlineLogisticRegression regression() {
        return regression;
    }
}
