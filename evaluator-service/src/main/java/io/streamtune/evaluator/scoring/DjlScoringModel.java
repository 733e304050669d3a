package io.streamtune.evaluator.scoring;

import io.streamtune.evaluator.evaluation.ScoringModel;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.ClassifierInference;
import io.streamtune.model.classifier.PrefixOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A checkpoint loaded with the {@code model} module, inference only. In head and top-k modes it scores a snapshot
 * from the cached frozen-prefix outputs (computing only the missing ones) through its trainable top, in batches of
 * similar length; in full mode it runs the whole network (the classifier sorts and pads per batch itself).
 */
final class DjlScoringModel implements ScoringModel {

    private final String model;
    private final Classifier classifier;
    private final PrefixCache cache;
    private final int batchWindows;

    DjlScoringModel(String model, Classifier classifier, PrefixCache cache, int batchWindows) {
        this.model = model;
        this.classifier = classifier;
        this.cache = cache;
        this.batchWindows = batchWindows;
    }

    @Override
    public List<String> labels() {
        return classifier.labels();
    }

    @Override
    public float[][] probabilities(HeldoutSnapshot snapshot) {
        float[][] logits;
        if (classifier.config().fineTuning().hasFrozenPrefix()) {
            List<PrefixOutput> prefixes = cache.outputs(model, classifier.prefixKey(), snapshot.examples(),
                    classifier.inference()::prefix);
            logits = top(prefixes);
        } else {
            logits = classifier.inference().predict(snapshot.texts());
        }
        for (float[] row : logits) {
            ClassifierInference.softmaxInPlace(row);
        }
        return logits;
    }

    /** The trainable top over prefixes sorted by length, about {@code batchWindows} windows per pass. */
    private float[][] top(List<PrefixOutput> prefixes) {
        int n = prefixes.size();
        int[] longest = new int[n];
        int[] windows = new int[n];
        for (int i = 0; i < n; i++) {
            longest[i] = longest(prefixes.get(i));
            windows[i] = prefixes.get(i).windows();
        }
        float[][] out = new float[n][];
        for (int[] b : batches(longest, windows, batchWindows)) {
            List<PrefixOutput> batch = new ArrayList<>(b.length);
            for (int i : b) {
                batch.add(prefixes.get(i));
            }
            float[][] rows = classifier.inference().top(batch);
            for (int j = 0; j < b.length; j++) {
                out[b[j]] = rows[j];
            }
        }
        return out;
    }

    /**
     * Batches of example indexes: the examples sorted by their longest window (so a batch pads to about its own
     * length), cut into runs of at most {@code batchWindows} windows; an example with more windows than that is a
     * batch of its own. Every index appears exactly once.
     */
    static List<int[]> batches(int[] longest, int[] windows, int batchWindows) {
        int[] order = IntStream.range(0, longest.length).boxed()
                .sorted(Comparator.comparingInt(i -> longest[i])).mapToInt(Integer::intValue).toArray();
        List<int[]> out = new ArrayList<>();
        int start = 0;
        while (start < order.length) {
            int end = start;
            int w = 0;
            while (end < order.length && (end == start || w + windows[order[end]] <= batchWindows)) {
                w += windows[order[end]];
                end++;
            }
            out.add(Arrays.copyOfRange(order, start, end));
            start = end;
        }
        return out;
    }

    private static int longest(PrefixOutput p) {
        int max = 0;
        for (int w = 0; w < p.windows(); w++) {
            max = Math.max(max, p.length(w));
        }
        return max;
    }

    @Override
    public void close() {
        classifier.close();
    }
}
