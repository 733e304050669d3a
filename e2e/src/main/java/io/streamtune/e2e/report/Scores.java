package io.streamtune.e2e.report;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accuracy, macro-F1 and per-class F1 of predictions against the truth. Macro-F1 averages the F1 of every class that
 * occurs in the truth or in the predictions (scikit-learn's default); a class that is never true and never predicted
 * does not count.
 */
public record Scores(int count, double accuracy, double macroF1, Map<String, Double> f1) {

    public static Scores of(List<String> truth, List<String> predicted) {
        if (truth.size() != predicted.size()) {
            throw new IllegalArgumentException("truth has " + truth.size() + " labels but predictions have "
                    + predicted.size() + ".");
        }
        Set<String> classes = new LinkedHashSet<>(truth);
        classes.addAll(predicted);
        Map<String, Double> f1 = new LinkedHashMap<>();
        int right = 0;
        for (int i = 0; i < truth.size(); i++) {
            if (truth.get(i).equals(predicted.get(i))) {
                right++;
            }
        }
        double sum = 0;
        for (String c : classes) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (int i = 0; i < truth.size(); i++) {
                boolean t = truth.get(i).equals(c);
                boolean p = predicted.get(i).equals(c);
                tp += t && p ? 1 : 0;
                fp += !t && p ? 1 : 0;
                fn += t && !p ? 1 : 0;
            }
            double score = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            f1.put(c, score);
            sum += score;
        }
        double accuracy = truth.isEmpty() ? Double.NaN : (double) right / truth.size();
        double macro = classes.isEmpty() ? Double.NaN : sum / classes.size();
        return new Scores(truth.size(), accuracy, macro, Map.copyOf(f1));
    }

    /** F1 of one class; 0 when it never occurs (no true and no predicted example). */
    public double f1(String label) {
        return f1.getOrDefault(label, 0.0);
    }
}
