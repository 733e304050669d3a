package io.streamtune.model.checkpoint;

/**
 * AdamW's moments in one byte per value, for checkpoints: block-wise quantization after Dettmers et al. (2022,
 * "8-bit Optimizers via Block-wise Quantization"), with a logarithmic code in place of their dynamic tree. Each
 * block of {@value #BLOCK} consecutive values keeps its largest magnitude as a float32 ({@code absmax}); each value
 * keeps the nearest of the code's levels, which are spaced evenly in log2 below that magnitude:
 * <ul>
 *   <li>first moments (signed): a sign bit and a 7-bit level q of 1-127 standing for absmax × 2^-((127 − q) / 6)
 *       (within 6% of the value, down to 2^-21 of the block's largest), 0 for zero and anything smaller;</li>
 *   <li>second moments (never negative): an 8-bit level q of 1-255 standing for absmax × 2^-((255 − q) / 8)
 *       (within 4.4%, so the update's denominator √v within 2.2%), and a non-zero value never rounds to zero
 *       (it rounds up to the lowest level: a smaller step, never a division by ~0).</li>
 * </ul>
 * Decoding is a table lookup and one float product, so the values a trainer continues with after a checkpoint
 * ({@link #decode}) are bit for bit the values a restored trainer starts from.
 */
public final class MomentCodec {

    /** Values per block, each block with its own scale. */
    public static final int BLOCK = 256;
    private static final double SIGNED_STEPS_PER_OCTAVE = 6;
    private static final double UNSIGNED_STEPS_PER_OCTAVE = 8;
    private static final float[] SIGNED = levels(127, SIGNED_STEPS_PER_OCTAVE);
    private static final float[] UNSIGNED = levels(255, UNSIGNED_STEPS_PER_OCTAVE);

    private MomentCodec() {
    }

    /** One tensor's codes and its blocks' scales. */
    public record Encoded(byte[] codes, float[] absmax) {
    }

    /** Codes for a first moment (any sign). */
    public static Encoded encodeSigned(float[] values) {
        return encode(values, true);
    }

    /** Codes for a second moment (no value below zero). */
    public static Encoded encodeUnsigned(float[] values) {
        return encode(values, false);
    }

    /** The values the codes stand for. */
    public static float[] decode(Encoded e, boolean signed) {
        byte[] codes = e.codes();
        float[] absmax = e.absmax();
        if (absmax.length != blocks(codes.length)) {
            throw new IllegalArgumentException(
                    codes.length + " codes need " + blocks(codes.length) + " block scales, got " + absmax.length + ".");
        }
        float[] out = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            int code = codes[i] & 0xff;
            float scale = absmax[i / BLOCK];
            if (signed) {
                float magnitude = scale * SIGNED[code & 0x7f];
                out[i] = (code & 0x80) != 0 ? -magnitude : magnitude;
            } else {
                out[i] = scale * UNSIGNED[code];
            }
        }
        return out;
    }

    /** Blocks (scales) for {@code values} values. */
    public static int blocks(int values) {
        return (values + BLOCK - 1) / BLOCK;
    }

    private static Encoded encode(float[] values, boolean signed) {
        byte[] codes = new byte[values.length];
        float[] absmax = new float[blocks(values.length)];
        int top = signed ? 127 : 255;
        double perOctave = signed ? SIGNED_STEPS_PER_OCTAVE : UNSIGNED_STEPS_PER_OCTAVE;
        for (int b = 0; b < absmax.length; b++) {
            int from = b * BLOCK;
            int to = Math.min(values.length, from + BLOCK);
            float max = 0;
            for (int i = from; i < to; i++) {
                float v = values[i];
                if (!Float.isFinite(v) || (!signed && v < 0)) {
                    throw new IllegalArgumentException("optimizer moment value " + v + " at " + i + " cannot be stored"
                            + (signed ? " (not finite)." : " (a second moment is finite and never negative)."));
                }
                max = Math.max(max, Math.abs(v));
            }
            absmax[b] = max;
            if (max == 0) {
                continue; // all codes 0: all zero
            }
            for (int i = from; i < to; i++) {
                float v = values[i];
                if (v == 0) {
                    continue;
                }
                double level = top + perOctave * (Math.log(Math.abs(v) / (double) max) / Math.log(2));
                int q = (int) Math.round(level);
                if (signed) {
                    q = Math.min(q, top);
                    codes[i] = q < 1 ? 0 : (byte) ((v < 0 ? 0x80 : 0) | q);
                } else {
                    codes[i] = (byte) Math.max(1, Math.min(q, top));
                }
            }
        }
        return new Encoded(codes, absmax);
    }

    /** levels[q] = 2^-((top − q) / perOctave) for q ≥ 1, levels[0] = 0; from StrictMath, the same on every JVM. */
    private static float[] levels(int top, double perOctave) {
        float[] out = new float[top + 1];
        for (int q = 1; q <= top; q++) {
            out[q] = (float) StrictMath.pow(2, -(top - q) / perOctave);
        }
        return out;
    }
}
