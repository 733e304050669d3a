package io.streamtune.training.linear;

import io.streamtune.features.HashedTfIdf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Multinomial logistic regression trained one example at a time with AdaGrad on sparse features; a new label adds
 * a class with zero weights (so it also runs the class-incremental stream).
 *
 * <p>AdaGrad because the features are sparse and their frequencies differ by orders of magnitude: a rare bigram's
 * first gradients move its weight as far as a common word's did, and each coordinate's step shrinks with its own
 * history, so no learning-rate schedule is needed on an endless stream. The L2 term is applied lazily, only to the
 * coordinates an example touches (a dense decay of 2^20 weights per example would cost more than the rest).
 *
 * <p>Weights, bias and both AdaGrad accumulators are float32, as the checkpoint stores them, so a restored model
 * continues bit for bit; sums are taken in double over the features in ascending bucket order.
 */
public final class OnlineLogisticRegression {

    /** Keeps the first AdaGrad step of a coordinate finite. */
    private static final double EPSILON = 1e-8;

    private final int dims;
    private final double learningRate;
    private final double l2;
    private final List<String> labels = new ArrayList<>();
    private final List<float[]> weights = new ArrayList<>();
    private final List<float[]> gradSquares = new ArrayList<>();
    private float[] bias = new float[0];
    private float[] biasGradSquares = new float[0];

    public OnlineLogisticRegression(int dims, double learningRate, double l2) {
        if (dims <= 0 || !(learningRate > 0) || !(l2 >= 0)) {
            throw new IllegalArgumentException("dims > 0, learning rate > 0 and l2 >= 0 are needed, got " + dims
                    + ", " + learningRate + ", " + l2);
        }
        this.dims = dims;
        this.learningRate = learningRate;
        this.l2 = l2;
    }

    /**
     * A model with the state {@link #weights}, {@link #gradSquares}, {@link #bias} and {@link #biasGradSquares}
     * gave (the arrays are taken, not copied): one row per label, in label order.
     */
    public static OnlineLogisticRegression restore(int dims, double learningRate, double l2, List<String> labels,
            float[][] weights, float[][] gradSquares, float[] bias, float[] biasGradSquares) {
        int k = labels.size();
        if (weights.length != k || gradSquares.length != k || bias.length != k || biasGradSquares.length != k) {
            throw new IllegalArgumentException("state for " + k + " labels needs " + k + " rows everywhere.");
        }
        OnlineLogisticRegression m = new OnlineLogisticRegression(dims, learningRate, l2);
        for (int c = 0; c < k; c++) {
            if (weights[c].length != dims || gradSquares[c].length != dims) {
                throw new IllegalArgumentException("label " + labels.get(c) + " has a row of " + weights[c].length
                        + " weights and " + gradSquares[c].length + " accumulators, " + dims + " expected.");
            }
            m.labels.add(labels.get(c));
            m.weights.add(weights[c]);
            m.gradSquares.add(gradSquares[c]);
        }
        m.bias = bias;
        m.biasGradSquares = biasGradSquares;
        return m;
    }

    public List<String> labels() {
        return List.copyOf(labels);
    }

    public int dims() {
        return dims;
    }

    public double learningRate() {
        return learningRate;
    }

    public double l2() {
        return l2;
    }

    /** Adds a class with zero weights for a label not seen before; returns its index. */
    public int addLabel(String label) {
        if (labels.contains(label)) {
            throw new IllegalArgumentException("label '" + label + "' is already known.");
        }
        labels.add(label);
        weights.add(new float[dims]);
        gradSquares.add(new float[dims]);
        bias = Arrays.copyOf(bias, labels.size());
        biasGradSquares = Arrays.copyOf(biasGradSquares, labels.size());
        return labels.size() - 1;
    }

    /** The label's class, added on first sight. */
    public int classOf(String label) {
        int c = labels.indexOf(label);
        return c >= 0 ? c : addLabel(label);
    }

    /** The score of every class, in label order. */
    public float[] logits(HashedTfIdf.SparseVector x) {
        double[] z = scores(x);
        float[] out = new float[z.length];
        for (int c = 0; c < z.length; c++) {
            out[c] = (float) z[c];
        }
        return out;
    }

    private double[] scores(HashedTfIdf.SparseVector x) {
        int k = labels.size();
        double[] z = new double[k];
        for (int c = 0; c < k; c++) {
            float[] w = weights.get(c);
            double s = bias[c];
            for (int i = 0; i < x.indices().length; i++) {
                s += w[x.indices()[i]] * x.values()[i];
            }
            z[c] = s;
        }
        return z;
    }

    public double[] probabilities(HashedTfIdf.SparseVector x) {
        return softmax(scores(x), null);
    }

    /** Softmax over the classes {@code among} (all when null); the others get 0. */
    public static double[] softmax(double[] z, boolean[] among) {
        return io.streamtune.features.LinearHalfFile.softmax(z, among);
    }

    /** The most probable label; null before the first. */
    public String predict(HashedTfIdf.SparseVector x) {
        if (labels.isEmpty()) {
            return null;
        }
        double[] z = scores(x);
        int best = 0;
        for (int c = 1; c < z.length; c++) {
            if (z[c] > z[best]) {
                best = c;
            }
        }
        return labels.get(best);
    }

    /** One AdaGrad step on the cross-entropy of one example, its label added on first sight; returns its loss. */
    public double update(HashedTfIdf.SparseVector x, String label) {
        return update(x, classOf(label), 1f, null);
    }

    /**
     * One AdaGrad step on {@code weight ×} the cross-entropy of one example, its softmax taken over the classes
     * {@code among} only (all when null; ER-ACE's masked loss), which are then the only ones updated.
     *
     * @return the unweighted cross-entropy before the step; when it is not finite nothing is changed
     */
    public double update(HashedTfIdf.SparseVector x, int target, float weight, boolean[] among) {
        double[] p = softmax(scores(x), among);
        double loss = -Math.log(Math.max(p[target], 1e-15));
        if (!Double.isFinite(loss) || !Float.isFinite(weight)) {
            return Double.NaN;
        }
        if (weight == 0) {
            return loss;
        }
        for (int c = 0; c < p.length; c++) {
            if (among != null && !among[c]) {
                continue;
            }
            double g = weight * (p[c] - (c == target ? 1 : 0));
            float[] w = weights.get(c);
            float[] g2 = gradSquares.get(c);
            for (int i = 0; i < x.indices().length; i++) {
                int j = x.indices()[i];
                double gi = g * x.values()[i] + l2 * w[j];
                g2[j] += (float) (gi * gi);
                w[j] -= (float) (learningRate * gi / Math.sqrt(g2[j] + EPSILON));
            }
            biasGradSquares[c] += (float) (g * g);
            bias[c] -= (float) (learningRate * g / Math.sqrt(biasGradSquares[c] + EPSILON));
        }
        return loss;
    }

    /** The weights of class {@code c}, the live array (for checkpoints). */
    float[] weights(int c) {
        return weights.get(c);
    }

    /** The AdaGrad accumulators of class {@code c}'s weights, the live array. */
    float[] gradSquares(int c) {
        return gradSquares.get(c);
    }

    float[] bias() {
        return bias;
    }

    float[] biasGradSquares() {
        return biasGradSquares;
    }
}
