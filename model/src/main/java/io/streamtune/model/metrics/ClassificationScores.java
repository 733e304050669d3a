package io.streamtune.model.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy, per-class F1 and macro-F1 of predicted labels against the true ones: the one definition the evaluator
 * service and the quality report both use, so their macro-F1 figures can be compared.
 *
 * <ul>
 *   <li>a class counts when it occurs in the truth or in the predictions (scikit-learn's {@code f1_score(...,
 *       average="macro")} with its default {@code labels=None}): a class predicted but never true counts with F1 0,
 *       a class never true and never predicted does not count at all;</li>
 *   <li>F1 of a class = 2·tp / (2·tp + fp + fn) = 2·tp / (support + predicted), 0 when tp = 0 (precision and recall
 *       are 0 when their denominators are, scikit-learn's {@code zero_division=0});</li>
 *   <li>macro-F1 = unweighted mean of F1 over the classes that count; NaN for no examples;</li>
 *   <li>accuracy = share of exact matches; NaN for no examples.</li>
 * </ul>
 *
 * @param count examples scored
 * @param perClass the counts of every class that counts, in order of first appearance (truth first)
 */
public record ClassificationScores(int count, double accuracy, double macroF1, Map<String, ClassCounts> perClass) {

    /** One class's confusion counts. */
    public record ClassCounts(int truePositives, int support, int predicted) {

        /** tp / predicted, 0 when the class is never predicted. */
        public double precision() {
            return predicted == 0 ? 0 : (double) truePositives / predicted;
        }

        /** tp / support, 0 when the class is never true. */
        public double recall() {
            return support == 0 ? 0 : (double) truePositives / support;
        }

        public double f1() {
            return truePositives == 0 ? 0 : 2.0 * truePositives / (support + predicted);
        }
    }

    public ClassificationScores {
        perClass = Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
    }

    public static ClassificationScores of(List<String> truth, List<String> predicted) {
        if (truth.size() != predicted.size()) {
            throw new IllegalArgumentException("truth has " + truth.size() + " labels but predictions have "
                    + predicted.size() + ".");
        }
        Map<String, int[]> counts = new LinkedHashMap<>(); // class -> {tp, support, predicted}
        truth.forEach(c -> counts.computeIfAbsent(c, k -> new int[3]));
        predicted.forEach(c -> counts.computeIfAbsent(c, k -> new int[3]));
        int right = 0;
        for (int i = 0; i < truth.size(); i++) {
            String t = truth.get(i);
            String p = predicted.get(i);
            counts.get(t)[1]++;
            counts.get(p)[2]++;
            if (t.equals(p)) {
                counts.get(t)[0]++;
                right++;
            }
        }
        Map<String, ClassCounts> perClass = new LinkedHashMap<>();
        double sum = 0;
        for (var e : counts.entrySet()) {
            ClassCounts c = new ClassCounts(e.getValue()[0], e.getValue()[1], e.getValue()[2]);
            perClass.put(e.getKey(), c);
            sum += c.f1();
        }
        double accuracy = truth.isEmpty() ? Double.NaN : (double) right / truth.size();
        double macro = perClass.isEmpty() ? Double.NaN : sum / perClass.size();
        return new ClassificationScores(truth.size(), accuracy, macro, perClass);
    }

    /** F1 of one class; 0 when it never occurs (neither true nor predicted). */
    public double f1(String label) {
        ClassCounts c = perClass.get(label);
        return c == null ? 0 : c.f1();
    }
}
