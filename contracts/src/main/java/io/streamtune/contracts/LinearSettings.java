package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * How the {@link ModelFamily#LINEAR linear} family learns: unigrams and bigrams of the full text hashed into
 * {@code 2^bits} buckets (TF-IDF weighted, document frequencies counted online), and a multinomial logistic regression
 * trained one example at a time by AdaGrad. Null fields take the defaults, which were chosen on a validation slice of
 * the SpamAssassin training stream in the offline report (docs/benchmarks.md, "## e2e"), never on held-out data.
 *
 * @param bits hash buckets are {@code 2^bits}, default 20, between 8 and 24 (a class costs {@code 2^bits × 8} bytes
 *     of weights and AdaGrad state: 8 MB at 20 bits)
 * @param learningRate AdaGrad's step size, default 0.5
 * @param l2 L2 penalty per update, default 0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LinearSettings(Integer bits, Double learningRate, Double l2) {

    public static final int DEFAULT_BITS = 20;
    public static final double DEFAULT_LEARNING_RATE = 0.5;
    public static final double DEFAULT_L2 = 0.0;

    public LinearSettings {
        bits = bits == null ? DEFAULT_BITS : bits;
        learningRate = learningRate == null ? DEFAULT_LEARNING_RATE : learningRate;
        l2 = l2 == null ? DEFAULT_L2 : l2;
        List<Violation> v = new ArrayList<>();
        Rules.range("linear.bits", bits, 8, 24, v);
        Rules.range("linear.learningRate", learningRate, 1e-6, 100.0, v);
        Rules.range("linear.l2", l2, 0.0, 1.0, v);
        ContractViolationException.throwIfAny(v);
    }

    public static LinearSettings defaults() {
        return new LinearSettings(null, null, null);
    }

    public LinearSettings withBits(int value) {
        return new LinearSettings(value, learningRate, l2);
    }

    public LinearSettings withLearningRate(double value) {
        return new LinearSettings(bits, value, l2);
    }

    public LinearSettings withL2(double value) {
        return new LinearSettings(bits, learningRate, value);
    }
}
