package io.streamtune.features;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Unigram + bigram features hashed into {@code 2^bits} buckets, weighted by sublinear TF times an IDF that is
 * learned online (document frequencies of the examples seen so far), L2-normalised.
 *
 * <p>The exact recipe, so that another runtime (a Python app with {@code mmh3}) computes the same vector from a
 * checkpoint's {@code df} and {@code documents}:
 *
 * <ol>
 *   <li>lower-case the whole text ({@code String.toLowerCase(Locale.ROOT)}; Python's {@code str.lower()} agrees
 *       outside a few special cases such as the Turkish dotted I);</li>
 *   <li>split it on the regex {@value #TOKEN_SEPARATOR} (Java syntax: anything but a Unicode letter, a Unicode
 *       number, {@code $} or {@code !} separates tokens); drop empty tokens and tokens longer than
 *       {@value #MAX_TOKEN_LENGTH} UTF-16 chars (base64 and URLs, which only fill buckets);</li>
 *   <li>each kept token is a term, and so is each pair of consecutive kept tokens joined by one space
 *       ({@code previous + " " + token});</li>
 *   <li>a term's bucket is {@code murmur3_x86_32(utf8(term), seed 0) & (2^bits - 1)} ({@code mmh3.hash(term,
 *       0, signed=False) & mask}); colliding terms add up in their bucket;</li>
 *   <li>{@code tf} is a bucket's count in the text, {@code idf = ln((documents + 1) / (df + 1)) + 1} with
 *       {@code documents} the examples observed and {@code df} the examples whose text had the bucket, and the
 *       value {@code (1 + ln tf) * idf}; the vector is divided by its L2 norm.</li>
 * </ol>
 *
 * MurmurHash3 rather than {@code String.hashCode} because it is defined on bytes, not on Java's UTF-16 chars, has
 * implementations in every language, and spreads similar short strings better.
 */
public final class HashedTfIdf {

    /** The token separator, in Java regex syntax. */
    public static final String TOKEN_SEPARATOR = "[^\\p{L}\\p{N}$!]+";

    /** Longer tokens are skipped. */
    public static final int MAX_TOKEN_LENGTH = 40;

    /** The MurmurHash3 seed of every term. */
    public static final int SEED = 0;

    private static final Pattern SEPARATOR = Pattern.compile(TOKEN_SEPARATOR);

    private final int bits;
    private final int mask;
    private final int[] documentFrequency;
    private long documents;

    public HashedTfIdf(int bits) {
        this(bits, new int[1 << checked(bits)], 0);
    }

    /** Features with the document frequencies a checkpoint holds ({@code df} is taken, not copied). */
    public HashedTfIdf(int bits, int[] df, long documents) {
        if (df.length != 1 << checked(bits)) {
            throw new IllegalArgumentException(
                    "2^" + bits + " buckets need as many document frequencies, got " + df.length);
        }
        this.bits = bits;
        this.mask = (1 << bits) - 1;
        this.documentFrequency = df;
        this.documents = documents;
    }

    private static int checked(int bits) {
        if (bits < 8 || bits > 26) {
            throw new IllegalArgumentException("bits must be between 8 and 26, got " + bits);
        }
        return bits;
    }

    public int bits() {
        return bits;
    }

    /** Examples observed so far. */
    public long documents() {
        return documents;
    }

    /** The document frequency of every bucket, the live array (for checkpoints; do not change it). */
    public int[] documentFrequencies() {
        return documentFrequency;
    }

    /** Counts the text's terms into the document frequencies (call once per training example). */
    public void observe(String text) {
        count(text, 1);
    }

    /** Takes back an {@link #observe} of the same text (a step that was not applied). */
    public void forget(String text) {
        count(text, -1);
    }

    private void count(String text, int delta) {
        for (int h : counts(text).keySet()) {
            documentFrequency[h] += delta;
        }
        documents += delta;
    }

    /** The sparse, L2-normalised TF-IDF vector of a text under the frequencies observed so far. */
    public SparseVector vector(String text) {
        TreeMap<Integer, Integer> tf = counts(text);
        int[] idx = new int[tf.size()];
        float[] val = new float[tf.size()];
        double norm = 0;
        int i = 0;
        for (var e : tf.entrySet()) {
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

    /** The bucket of every term of a text, in text order (unigram, then the bigram it ends), repeats kept. */
    public int[] buckets(String text) {
        return terms(text).toArray();
    }

    /** Bucket → count, in bucket order: a fixed order keeps the float sums, so the logits, reproducible. */
    private TreeMap<Integer, Integer> counts(String text) {
        TreeMap<Integer, Integer> tf = new TreeMap<>();
        terms(text).forEach(h -> tf.merge(h, 1, Integer::sum));
        return tf;
    }

    private IntStream terms(String text) {
        IntStream.Builder out = IntStream.builder();
        String previous = null;
        for (String t : SEPARATOR.split(text.toLowerCase(Locale.ROOT))) {
            if (t.isEmpty() || t.length() > MAX_TOKEN_LENGTH) {
                continue;
            }
            out.add(bucket(t));
            if (previous != null) {
                out.add(bucket(previous + ' ' + t));
            }
            previous = t;
        }
        return out.build();
    }

    private int bucket(String term) {
        byte[] utf8 = term.getBytes(StandardCharsets.UTF_8);
        return MurmurHash3.hash32x86(utf8, 0, utf8.length, SEED) & mask;
    }

    /** Indices (ascending) and values of the non-zero features. */
    public record SparseVector(int[] indices, float[] values) {

        @Override
        public boolean equals(Object o) {
            return o instanceof SparseVector v && Arrays.equals(indices, v.indices) && Arrays.equals(values, v.values);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(indices) + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "SparseVector" + Arrays.toString(indices) + "=" + Arrays.toString(values);
        }
    }
}
