package io.streamtune.training.linear;

/**
 * The linear family's settings. The defaults are what the quality report picked on a validation slice of the
 * SpamAssassin training stream for full-text TF-IDF (docs/benchmarks.md, {@code ## e2e}: lr 0.5 / L2 0); 2^20 buckets
 * keep collisions rare for a vocabulary of e-mail size at 4 MB per label of weights.
 *
 * @param bits the hashed feature space has {@code 2^bits} buckets (8 to 26)
 * @param learningRate AdaGrad's step size
 * @param l2 the L2 penalty on the weights an example touches
 */
public record LinearConfig(int bits, double learningRate, double l2) {

    public LinearConfig {
        if (bits < 8 || bits > 26) {
            throw new IllegalArgumentException("bits must be between 8 and 26, got " + bits);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be a positive number, got " + learningRate);
        }
        if (!(l2 >= 0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("l2 must be a number >= 0, got " + l2);
        }
    }

    public static LinearConfig defaults() {
        return new LinearConfig(20, 0.5, 0);
    }

    public LinearConfig withBits(int value) {
        return new LinearConfig(value, learningRate, l2);
    }

    public LinearConfig withLearningRate(double value) {
        return new LinearConfig(bits, value, l2);
    }

    public LinearConfig withL2(double value) {
        return new LinearConfig(bits, learningRate, value);
    }
}
