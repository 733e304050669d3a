package io.streamtune.evaluator.evaluation;

import io.streamtune.contracts.ClassMetrics;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.model.metrics.ClassificationScores;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores of one model on one snapshot, from its probabilities and the true labels. Forgetting is left empty: it
 * needs the model's history ({@link ForgettingLedger}).
 *
 * <ul>
 *   <li>prediction = the column with the highest probability (the first on a tie);</li>
 *   <li>a class never predicted has precision 0, a class without support recall 0, and F1 is 0 when precision +
 *       recall is 0;</li>
 *   <li>F1 and macro-F1 are {@link ClassificationScores}' (shared with the quality report): macro-F1 = unweighted
 *       mean of F1 over the classes that are true or predicted at least once in the snapshot (scikit-learn's
 *       default); a model class never true and never predicted is listed with zeros but not averaged;</li>
 *   <li>log loss = mean of -ln max(p(true label), 1e-15); a true label the model does not know has p = 0;</li>
 *   <li>ECE = sum over 10 equal-width confidence bins (lo, hi] (the first also holds 0) of
 *       |bin| / n * |accuracy(bin) - mean confidence(bin)|, confidence = the highest probability;</li>
 *   <li>confusion = true label → predicted label → count, non-zero cells only.</li>
 * </ul>
 */
public final class Metrics {

    public static final int CALIBRATION_BINS = 10;
    public static final double PROBABILITY_FLOOR = 1e-15;

    private Metrics() {
    }

    /**
     * @param labels the model's classes, in the column order of {@code probabilities}
     * @param probabilities one row per example
     * @param truth the true label of each example
     * @param slices the time slice of each example
     */
    public static EvaluationMetrics compute(List<String> labels, float[][] probabilities, List<String> truth,
            List<String> slices) {
        int n = probabilities.length;
        if (truth.size() != n || slices.size() != n) {
            throw new IllegalArgumentException("probabilities, truth and slices must have one entry per example, got "
                    + n + ", " + truth.size() + " and " + slices.size() + ".");
        }
        if (n == 0) {
            throw new IllegalArgumentException("metrics need at least one example.");
        }
        Set<String> classes = new LinkedHashSet<>(labels);
        classes.addAll(truth);
        List<String> predictions = new ArrayList<>(n);
        Map<String, int[]> perSlice = new TreeMap<>(); // slice -> {correct, count}
        Map<String, Map<String, Integer>> confusion = new TreeMap<>();
        int correct = 0;
        double logLoss = 0;
        double[] binConfidence = new double[CALIBRATION_BINS];
        int[] binCorrect = new int[CALIBRATION_BINS];
        int[] binCount = new int[CALIBRATION_BINS];
        for (int i = 0; i < n; i++) {
            float[] row = probabilities[i];
            if (row.length != labels.size()) {
                throw new IllegalArgumentException("row " + i + " has " + row.length + " probabilities for "
                        + labels.size() + " labels.");
            }
            int best = argmax(row);
            String predicted = labels.get(best);
            String actual = truth.get(i);
            boolean hit = predicted.equals(actual);
            predictions.add(predicted);
            confusion.computeIfAbsent(actual, a -> new TreeMap<>()).merge(predicted, 1, Integer::sum);
            correct += hit ? 1 : 0;
            int[] slice = perSlice.computeIfAbsent(slices.get(i), s -> new int[2]);
            slice[0] += hit ? 1 : 0;
            slice[1]++;
            int column = labels.indexOf(actual);
            double pTrue = column < 0 ? 0 : row[column];
            logLoss -= Math.log(Math.max(pTrue, PROBABILITY_FLOOR));
            double confidence = row[best];
            int bin = bin(confidence);
            binConfidence[bin] += confidence;
            binCorrect[bin] += hit ? 1 : 0;
            binCount[bin]++;
        }
        ClassificationScores scores = ClassificationScores.of(truth, predictions);
        Map<String, ClassMetrics> perClass = new TreeMap<>();
        for (String c : classes) {
            ClassificationScores.ClassCounts k = scores.perClass().getOrDefault(c,
                    new ClassificationScores.ClassCounts(0, 0, 0));
            perClass.put(c, new ClassMetrics(k.precision(), k.recall(), k.f1(), k.support(), k.predicted()));
        }
        double ece = 0;
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            if (binCount[b] > 0) {
                ece += (double) binCount[b] / n
                        * Math.abs((double) binCorrect[b] / binCount[b] - binConfidence[b] / binCount[b]);
            }
        }
        Map<String, Double> sliceAccuracy = new TreeMap<>();
        perSlice.forEach((slice, c) -> sliceAccuracy.put(slice, (double) c[0] / c[1]));
        return new EvaluationMetrics(n, (double) correct / n, scores.macroF1(), perClass, logLoss / n, ece,
                sliceAccuracy, Map.of(), confusion);
    }

    /** The same scores with a forgetting map. */
    public static EvaluationMetrics withForgetting(EvaluationMetrics m, Map<String, Double> forgetting) {
        return new EvaluationMetrics(m.count(), m.accuracy(), m.macroF1(), m.perClass(), m.logLoss(),
                m.expectedCalibrationError(), m.sliceAccuracy(), forgetting, m.confusion());
    }

    /** Bins (lo, hi] of width 1/{@value #CALIBRATION_BINS}; 0 falls in the first. */
    static int bin(double confidence) {
        int b = (int) Math.ceil(confidence * CALIBRATION_BINS) - 1;
        return Math.max(0, Math.min(CALIBRATION_BINS - 1, b));
    }

    public static int argmax(float[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }
}
