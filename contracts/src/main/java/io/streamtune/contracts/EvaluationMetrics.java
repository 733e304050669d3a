package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model's scores on one held-out snapshot.
 *
 * @param macroF1 unweighted mean of the per-class F1 over the classes that are true or predicted in the snapshot
 *     (scikit-learn's default; {@code io.streamtune.model.metrics.ClassificationScores})
 * @param logLoss mean negative log-probability of the true label (probabilities clipped at 1e-15)
 * @param expectedCalibrationError 10 equal-width confidence bins, weighted |accuracy - confidence|
 * @param sliceAccuracy accuracy per time slice of the held-out set (slice id = start of the slice, ISO-8601)
 * @param forgetting per slice: best accuracy any earlier evaluated checkpoint reached on it minus this one's
 *     (Chaudhry et al. 2018); positive means forgotten, absent for a model's first evaluation of a slice
 * @param confusion true label → predicted label → count (only non-zero cells); empty in evaluations written before
 *     it was added (schema stays 1: readers ignore what they do not know, and a missing matrix reads as empty)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluationMetrics(
        int count,
        double accuracy,
        double macroF1,
        Map<String, ClassMetrics> perClass,
        double logLoss,
        double expectedCalibrationError,
        Map<String, Double> sliceAccuracy,
        Map<String, Double> forgetting,
        Map<String, Map<String, Integer>> confusion) {

    public EvaluationMetrics {
        perClass = perClass == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(perClass));
        sliceAccuracy = sliceAccuracy == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(sliceAccuracy));
        forgetting = forgetting == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(forgetting));
        Map<String, Map<String, Integer>> rows = new TreeMap<>();
        if (confusion != null) {
            confusion.forEach((actual, row) -> rows.put(actual, row == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new TreeMap<>(row))));
        }
        confusion = java.util.Collections.unmodifiableMap(rows);
    }

    /** Scores without a confusion matrix. */
    public EvaluationMetrics(int count, double accuracy, double macroF1, Map<String, ClassMetrics> perClass,
            double logLoss, double expectedCalibrationError, Map<String, Double> sliceAccuracy,
            Map<String, Double> forgetting) {
        this(count, accuracy, macroF1, perClass, logLoss, expectedCalibrationError, sliceAccuracy, forgetting, null);
    }

    /** The largest forgetting over slices, 0 when none forgot. */
    public double maxForgetting() {
        return forgetting.values().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
    }
}
