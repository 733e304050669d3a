package io.streamtune.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.norm.Dropout;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Dropout for training steps on the CPU, with masks drawn by a Java generator seeded per step. libtorch's CPU
 * {@code bernoulli_} draws one value at a time (60-100 M a second on these machines), which made dropout's masks a
 * quarter of a full fine-tuning step (docs/benchmarks.md, "model: profile"); here four masks come from each 64-bit
 * draw of a {@link SplittableRandom} (a value is kept when its 16 bits fall below {@code keep * 65536}, so the
 * keep probability is exact to 1/65536) and one element-wise product applies them, scaled by {@code 1 / keep} as
 * inverted dropout is. The generator is the training thread's, seeded by the trainer at every step
 * ({@link #seed(long)}), so a step's masks depend only on (seed, step): a resumed run repeats them. Elsewhere (no
 * seed set on this thread, or an array on a GPU, where libtorch's generator is fast) it is libtorch's dropout.
 */
public final class StepDropout {

    private static final ThreadLocal<SplittableRandom> RNG = new ThreadLocal<>();
    /** Mask bytes, reused per thread: each mask is converted into a float array of libtorch's before the next. */
    private static final ThreadLocal<ByteBuffer> BUFFER = new ThreadLocal<>();

    /** Benchmarks only: libtorch's dropout everywhere, to measure these masks against it in the same run. */
    private static volatile boolean libtorchOnly;

    private StepDropout() {}

    /** Benchmarks only: {@code true} makes every dropout libtorch's (the reference the masks here are timed against). */
    public static void libtorchOnly(boolean value) {
        libtorchOnly = value;
    }

    /** The masks of this thread's training passes from now on come from {@code seed}. */
    public static void seed(long seed) {
        RNG.set(new SplittableRandom(seed));
    }

    /** Back to libtorch's dropout on this thread. */
    public static void clear() {
        RNG.remove();
    }

    /** {@code x} with each value kept with probability {@code 1 - rate} and scaled by {@code 1 / (1 - rate)}. */
    public static NDArray apply(NDArray x, float rate) {
        SplittableRandom rng = RNG.get();
        if (rng == null || libtorchOnly || !ai.djl.Device.Type.CPU.equals(x.getDevice().getDeviceType()) || x.getDataType() != DataType.FLOAT32) {
            return Dropout.dropout(x, rate, true).singletonOrThrow();
        }
        float keep = 1f - rate;
        try (NDArray bytes = mask(x, rng, keep)) {
            NDArray scale = bytes.toType(DataType.FLOAT32, true).muli(1f / keep);
            return x.mul(scale);
        }
    }

    private static NDArray mask(NDArray x, SplittableRandom rng, float keep) {
        long size = x.size();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dropout over " + size + " values");
        }
        int n = (int) size;
        ByteBuffer buf = BUFFER.get();
        if (buf == null || buf.capacity() < n) {
            buf = ByteBuffer.allocateDirect(Math.max(n, 1 << 20));
            BUFFER.set(buf);
        }
        buf.clear();
        int threshold = Math.round(keep * 65536f);
        int i = 0;
        while (i < n) {
            long r = rng.nextLong();
            for (int k = 0; k < 4 && i < n; k++, i++) {
                buf.put((byte) (((int) (r >>> (16 * k)) & 0xFFFF) < threshold ? 1 : 0));
            }
        }
        buf.flip();
        // may share the buffer's memory: the caller converts it to a new float array before the buffer is reused
        return x.getManager().create(buf.slice(), x.getShape(), DataType.UINT8);
    }
}
