package io.streamtune.e2e.baseline;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Unigram + bigram features hashed into {@code 2^bits} buckets, weighted by sublinear TF times an IDF that is
 * learned online (document frequencies of the examples seen so far), L2-normalised.
 */
public final class HashedTfIdf {

    private final int mask;
    private final int[] documentFrequency;
    private long documents;

    public HashedTfIdf(int bits) {
        if (bits < 8 || bits > 26) {
            throw new IllegalArgumentException("bits must be between 8 and 26, got " + bits);
        }
        this.mask = (1 << bits) - 1;
        this.documentFrequency = new int[1 << bits];
    }

    /** Counts the text's terms into the document frequencies (call once per training example). */
    public void observe(String text) {
        for (int h : counts(text).keySet()) {
            documentFrequency[h]++;
        }
        documents++;
    }

    /** The sparse, L2-normalised TF-IDF vector of a text under the frequencies observed so far. */
    public SparseVector vector(String text) {
        Map<Integer, Integer> tf = counts(text);
        int[] idx = new int[tf.size()];
        float[] val = new float[tf.size()];
        double norm = 0;
        int i = 0;
        for (Map.Entry<Integer, Integer> e : tf.entrySet()) {
            double idf = Math.log((documents + 1.0) / (documentFrequency[e.getKey()] + 1.0)) + 1.0;
            double w = (1.0 + Math.log(e.getValue())) * idf;
            idx[i] = e.getKey();
            val[i] = (float) w;
            norm += w * w;
            i++;
        }
        float inv = norm == 0 ? 0f : (float) (1.0 / Math.sqrt(norm));
        for (int j = 0; j < val.length; j++) {
            val[j] *= inv;
        }
        return new SparseVector(idx, val);
    }

    private Map<Integer, Integer> counts(String text) {
        String[] tokens = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}$!]+");
        Map<Integer, Integer> tf = new HashMap<>();
        String previous = null;
        for (String t : tokens) {
            if (t.isEmpty() || t.length() > 40) {
                continue;
            }
            tf.merge(t.hashCode() & mask, 1, Integer::sum);
            if (previous != null) {
                tf.merge((previous + ' ' + t).hashCode() * 31 + 7 & mask, 1, Integer::sum);
            }
            previous = t;
        }
        return tf;
    }

    /** Indices and values of the non-zero features. */
    public record SparseVector(int[] indices, float[] values) {
    }
}
