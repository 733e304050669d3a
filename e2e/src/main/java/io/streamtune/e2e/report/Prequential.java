package io.streamtune.e2e.report;

import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.training.Learner;
import java.util.ArrayList;
import java.util.List;

/**
 * Prequential (test-then-train) accuracy of a stream: each micro-batch is predicted by the learner as it stands before
 * the batch is trained on. Keeps the overall accuracy and, after every batch, the accuracy over the last
 * {@code window} predictions (fewer at the start of the stream).
 */
final class Prequential {

    private final boolean[] recent;
    private long seen;
    private long hits;
    private int recentHits;
    private final List<double[]> curve = new ArrayList<>();

    Prequential(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("a prequential window needs at least one example, got " + window);
        }
        this.recent = new boolean[window];
    }

    /**
     * Predicts {@code batch} before it is trained on (a report learner reads cached prefixes). A learner that does not
     * exist yet (an open label set before its first example) or a label it does not know yet counts as a miss.
     */
    void test(Learner learner, List<LabelledText> batch) {
        List<String> truth = batch.stream().map(LabelledText::label).toList();
        if (learner == null || learner.labels().isEmpty()) {
            record(truth, null);
            return;
        }
        record(truth, StreamTrainer.argmax(learner.predict(batch.stream().map(LabelledText::text).toList()),
                learner.labels()));
    }

    /** Records one batch's predictions ({@code predicted} null: no prediction, all misses) and a curve point. */
    void record(List<String> truth, List<String> predicted) {
        for (int i = 0; i < truth.size(); i++) {
            boolean hit = predicted != null && truth.get(i).equals(predicted.get(i));
            int slot = (int) (seen % recent.length);
            if (seen >= recent.length && recent[slot]) {
                recentHits--;
            }
            recent[slot] = hit;
            recentHits += hit ? 1 : 0;
            hits += hit ? 1 : 0;
            seen++;
        }
        curve.add(new double[] {seen, windowAccuracy()});
    }

    /** Accuracy over the last {@code window} predictions; NaN before the first. */
    double windowAccuracy() {
        long n = Math.min(seen, recent.length);
        return n == 0 ? Double.NaN : (double) recentHits / n;
    }

    /** Accuracy over every prediction so far; NaN before the first. */
    double accuracy() {
        return seen == 0 ? Double.NaN : (double) hits / seen;
    }

    long seen() {
        return seen;
    }

    int window() {
        return recent.length;
    }

    /** (examples predicted so far, trailing-window accuracy) after each batch. */
    List<double[]> curve() {
        return List.copyOf(curve);
    }
}
