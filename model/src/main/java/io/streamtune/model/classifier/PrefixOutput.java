package io.streamtune.model.classifier;

import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the frozen prefix of a classifier made of one text, kept so that replaying or re-scoring
 * that text costs only the trainable top. Per window: the token states after {@code layer} encoder
 * layers ([length, hidden]), or, in head mode, the mean-pooled embedding ([hidden]).
 *
 * <p>A plain value: {@link Serializable}, and {@link #toBytes()} / {@link #fromBytes(byte[])}
 * for stores that keep bytes. It is only valid for a classifier with the same
 * {@link Classifier#prefixKey()}.
 */
public final class PrefixOutput implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final int MAGIC = 0x53545058; // "STPX"
    /** Version 2 adds the windows' token ids; version 1 (without them) is still read. */
    private static final byte VERSION = 2;

    private final int layer;
    private final boolean pooled;
    private final int hidden;
    private final int[] lengths;
    private final PrefixPrecision precision;
    private final byte[] data;
    /** The windows' token ids, window after window; null when read from a version-1 form. */
    private final int[] tokens;

    PrefixOutput(int layer, boolean pooled, int hidden, int[] lengths, PrefixPrecision precision, byte[] data,
            int[] tokens) {
        long rows = pooled ? lengths.length : Arrays.stream(lengths).asLongStream().sum();
        if (rows * hidden * precision.bytes() != data.length) {
            throw new IllegalArgumentException(
                    "prefix data holds " + data.length + " bytes but " + rows + " rows of " + hidden
                            + " " + precision + " values were declared.");
        }
        this.layer = layer;
        this.pooled = pooled;
        this.hidden = hidden;
        this.lengths = lengths;
        this.precision = precision;
        this.data = data;
        if (tokens != null && tokens.length != Arrays.stream(lengths).sum()) {
            throw new IllegalArgumentException(
                    tokens.length + " token ids for windows of " + Arrays.stream(lengths).sum() + " tokens.");
        }
        this.tokens = tokens;
    }

    /** Encoder layers already applied. */
    public int layer() {
        return layer;
    }

    /** True when each window is stored mean-pooled (head mode). */
    public boolean pooled() {
        return pooled;
    }

    public int hidden() {
        return hidden;
    }

    public int windows() {
        return lengths.length;
    }

    /** Tokens of window {@code i}. */
    public int length(int i) {
        return lengths[i];
    }

    public PrefixPrecision precision() {
        return precision;
    }

    /** The stored values, little-endian, window after window. */
    byte[] data() {
        return data;
    }

    /**
     * The token ids of each window, from which the prefix computes this output again; null for an output read from
     * the version-1 byte form.
     */
    public long[][] tokens() {
        return tokens == null ? null : split(tokens, lengths);
    }

    /** Bytes of the stored values (what a cache pays per text). */
    public int sizeBytes() {
        return data.length;
    }

    /** A self-describing byte form, read back by {@link #fromBytes(byte[])}. */
    public byte[] toBytes() {
        int tokenBytes = tokens == null ? 0 : 4 * tokens.length;
        ByteBuffer b = ByteBuffer.allocate(
                4 + 1 + 4 + 1 + 4 + 1 + 4 + 4 * lengths.length + 1 + tokenBytes + data.length);
        b.putInt(MAGIC).put(VERSION).putInt(layer).put((byte) (pooled ? 1 : 0)).putInt(hidden)
                .put((byte) precision.ordinal()).putInt(lengths.length);
        for (int length : lengths) {
            b.putInt(length);
        }
        b.put((byte) (tokens == null ? 0 : 1));
        if (tokens != null) {
            for (int t : tokens) {
                b.putInt(t);
            }
        }
        b.put(data);
        return b.array();
    }

    /** Reads {@link #toBytes()}; fails with a message when the bytes are not a prefix output. */
    public static PrefixOutput fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        Header h = Header.read(b);
        byte[] data = new byte[b.remaining()];
        b.get(data);
        return new PrefixOutput(h.layer, h.pooled, h.hidden, h.lengths, h.precision, data, h.tokens);
    }

    /**
     * The token ids of {@link #toBytes()}'s output, as {@link #tokens()} gives them, read from its header without
     * copying the stored values; null for the version-1 form.
     */
    public static long[][] tokensOf(byte[] bytes) {
        Header h = Header.read(ByteBuffer.wrap(bytes));
        return h.tokens == null ? null : split(h.tokens, h.lengths);
    }

    private static long[][] split(int[] tokens, int[] lengths) {
        long[][] out = new long[lengths.length][];
        int offset = 0;
        for (int w = 0; w < lengths.length; w++) {
            out[w] = new long[lengths[w]];
            for (int i = 0; i < lengths[w]; i++) {
                out[w][i] = tokens[offset + i];
            }
            offset += lengths[w];
        }
        return out;
    }

    /** Everything of the byte form before the stored values; reading it leaves the buffer at the values. */
    private record Header(int layer, boolean pooled, int hidden, PrefixPrecision precision, int[] lengths,
            int[] tokens) {

        static Header read(ByteBuffer b) {
            if (b.remaining() < 19 || b.getInt() != MAGIC) {
                throw new IllegalArgumentException("bytes are not a serialised PrefixOutput (bad magic).");
            }
            byte version = b.get();
            if (version != 1 && version != VERSION) {
                throw new IllegalArgumentException("PrefixOutput version " + version + " is not readable here.");
            }
            int layer = b.getInt();
            boolean pooled = b.get() == 1;
            int hidden = b.getInt();
            int p = b.get();
            if (p < 0 || p >= PrefixPrecision.values().length) {
                throw new IllegalArgumentException("PrefixOutput precision code " + p + " is unknown: corrupt.");
            }
            PrefixPrecision precision = PrefixPrecision.values()[p];
            int windows = b.getInt();
            if (windows < 1 || windows > (b.remaining() / 4)) {
                throw new IllegalArgumentException("PrefixOutput declares " + windows + " windows: corrupt.");
            }
            int[] lengths = new int[windows];
            for (int i = 0; i < windows; i++) {
                lengths[i] = b.getInt();
                if (lengths[i] < 0) {
                    throw new IllegalArgumentException(
                            "PrefixOutput declares a window of " + lengths[i] + " tokens.");
                }
            }
            int[] tokens = null;
            if (version >= 2 && b.get() == 1) {
                long count = Arrays.stream(lengths).asLongStream().sum();
                if (count > b.remaining() / 4) {
                    throw new IllegalArgumentException("PrefixOutput declares " + count + " tokens: corrupt.");
                }
                tokens = new int[(int) count];
                for (int i = 0; i < tokens.length; i++) {
                    tokens[i] = b.getInt();
                }
            }
            return new Header(layer, pooled, hidden, precision, lengths, tokens);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrefixOutput p && layer == p.layer && pooled == p.pooled
                && hidden == p.hidden && precision == p.precision
                && Arrays.equals(lengths, p.lengths) && Arrays.equals(data, p.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lengths) + Arrays.hashCode(data);
    }
}
