package io.streamtune.e2e.report;

import io.streamtune.features.HashedTfIdf;
import io.streamtune.training.linear.OnlineLogisticRegression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline a user would pick instead of fine-tuning: hashed uni+bigram TF-IDF and logistic regression trained
 * online, one example at a time, on the same stream. {@link #test} answers before learning (prequential evaluation),
 * which is how the learning rate is chosen without looking at the held-out set. The features and the regression are
 * the product's linear family ({@code io.streamtune.training.linear}), one example per step as its learner takes a
 * step's rows.
 */
final class TfIdfBaseline {

    static final int BITS = 20;

    private final HashedTfIdf features = new HashedTfIdf(BITS);
    private final OnlineLogisticRegression model;
    private final double learningRate;
    private final double l2;

    TfIdfBaseline(double learningRate, double l2) {
        this.learningRate = learningRate;
        this.l2 = l2;
        this.model = new OnlineLogisticRegression(1 << BITS, learningRate, l2);
    }

    double learningRate() {
        return learningRate;
    }

    double l2() {
        return l2;
    }

    /** Learns one example: its terms enter the document frequencies, then one AdaGrad step. */
    void train(String text, String label) {
        features.observe(text);
        model.update(features.vector(text), label);
    }

    /** The prediction for a text under what is learnt so far; null before the first example. */
    String predict(String text) {
        return model.predict(features.vector(text));
    }

    /** Label → probability for a text under what is learnt so far; empty before the first example. */
    Map<String, Double> probabilities(String text) {
        double[] p = model.probabilities(features.vector(text));
        Map<String, Double> out = new HashMap<>();
        for (int c = 0; c < p.length; c++) {
            out.put(model.labels().get(c), p[c]);
        }
        return out;
    }

    List<String> predict(List<String> texts) {
        List<String> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(predict(t));
        }
        return out;
    }

    /** Predicts, then learns: the prediction an online learner makes for an example it has not seen yet. */
    String test(String text, String label) {
        String p = predict(text);
        train(text, label);
        return p;
    }
}
