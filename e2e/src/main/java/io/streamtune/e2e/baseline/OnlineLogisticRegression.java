package io.streamtune.e2e.baseline;

import java.util.ArrayList;
import java.util.List;

/**
 * Multinomial logistic regression trained one example at a time with AdaGrad on sparse features; a new label adds
 * a class (so it also runs the class-incremental stream).
 */
public final class OnlineLogisticRegression {

    private final int dims;
    private final double learningRate;
    private final double l2;
    private final List<String> labels = new ArrayList<>();
    private final List<float[]> weights = new ArrayList<>();
    private final List<float[]> gradSquares = new ArrayList<>();
    private final List<double[]> bias = new ArrayList<>();

    public OnlineLogisticRegression(int dims, double learningRate, double l2) {
        this.dims = dims;
        this.learningRate = learningRate;
        this.l2 = l2;
    }

    public List<String> labels() {
        return List.copyOf(labels);
    }

    private int classOf(String label) {
        int c = labels.indexOf(label);
        if (c < 0) {
            labels.add(label);
            weights.add(new float[dims]);
            gradSquares.add(new float[dims]);
            bias.add(new double[] {0, 1e-8});
            c = labels.size() - 1;
        }
        return c;
    }

    public double[] probabilities(HashedTfIdf.SparseVector x) {
        int k = labels.size();
        double[] z = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            float[] w = weights.get(c);
            double s = bias.get(c)[0];
            for (int i = 0; i < x.indices().length; i++) {
                s += w[x.indices()[i]] * x.values()[i];
            }
            z[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < k; c++) {
            z[c] /= sum;
        }
        return z;
    }

    public String predict(HashedTfIdf.SparseVector x) {
        double[] p = probabilities(x);
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return labels.isEmpty() ? null : labels.get(best);
    }

    /** One AdaGrad step on the cross-entropy of one example; returns its loss before the step. */
    public double update(HashedTfIdf.SparseVector x, String label) {
        int target = classOf(label);
        double[] p = probabilities(x);
        for (int c = 0; c < p.length; c++) {
            double g = p[c] - (c == target ? 1 : 0);
            float[] w = weights.get(c);
            float[] g2 = gradSquares.get(c);
            for (int i = 0; i < x.indices().length; i++) {
                int j = x.indices()[i];
                double gi = g * x.values()[i] + l2 * w[j];
                g2[j] += (float) (gi * gi);
                w[j] -= (float) (learningRate * gi / Math.sqrt(g2[j] + 1e-8));
            }
            double[] b = bias.get(c);
            b[1] += g * g;
            b[0] -= learningRate * g / Math.sqrt(b[1]);
        }
        return -Math.log(Math.max(p[target], 1e-15));
    }
}
