package io.streamtune.model.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Windows of token ids padded to the longest of them: ids and mask [S, T]. */
record WindowBatch(NDArray ids, NDArray mask, int[] lengths) {

    static WindowBatch of(List<long[]> windows, NDManager manager) {
        int t = 0;
        for (long[] w : windows) {
            t = Math.max(t, w.length);
        }
        int s = windows.size();
        long[] ids = new long[s * t];
        long[] mask = new long[s * t];
        int[] lengths = new int[s];
        for (int i = 0; i < s; i++) {
            long[] w = windows.get(i);
            System.arraycopy(w, 0, ids, i * t, w.length);
            for (int j = 0; j < w.length; j++) {
                mask[i * t + j] = 1;
            }
            lengths[i] = w.length;
        }
        Shape shape = new Shape(s, t);
        return new WindowBatch(manager.create(ids, shape), manager.create(mask, shape), lengths);
    }

    /** The mask [S, T] for windows of the given lengths padded to the longest. */
    static NDArray mask(int[] lengths, int t, NDManager manager) {
        long[] mask = new long[lengths.length * t];
        for (int i = 0; i < lengths.length; i++) {
            for (int j = 0; j < lengths[i]; j++) {
                mask[i * t + j] = 1;
            }
        }
        return manager.create(mask, new Shape(lengths.length, t));
    }

    /**
     * The [N, S] matrix that averages the window rows of each example: {@code owners[s]} is the
     * example window s belongs to.
     */
    static NDArray averaging(int[] owners, int examples, NDManager manager) {
        int[] counts = new int[examples];
        for (int o : owners) {
            counts[o]++;
        }
        float[] a = new float[examples * owners.length];
        for (int s = 0; s < owners.length; s++) {
            a[owners[s] * owners.length + s] = 1f / counts[owners[s]];
        }
        return manager.create(a, new Shape(examples, owners.length));
    }
}
