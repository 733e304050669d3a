package io.streamtune.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/** A float tensor on the Java heap, row-major: how weights travel between files and the engine. */
public record HostTensor(long[] shape, float[] data) {

    public HostTensor {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + size + " values but got "
                            + data.length + ".");
        }
    }

    /** The same matrix transposed: ONNX MatMul weights are [in, out], Linear wants [out, in]. */
    public HostTensor transpose2d() {
        if (shape.length != 2) {
            throw new IllegalStateException("transpose2d needs a matrix, got " + Arrays.toString(shape));
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] out = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = data[r * cols + c];
            }
        }
        return new HostTensor(new long[] {cols, rows}, out);
    }

    /**
     * The tensor in {@code manager}, in memory the engine owns: DJL's {@code create(float[])}
     * wraps a direct buffer that stays pinned (and counted against MaxDirectMemorySize) as long
     * as the array lives, so long-lived weights are copied out of it.
     */
    public NDArray toNDArray(NDManager manager) {
        try (NDArray staged = manager.create(data, new Shape(shape))) {
            return staged.duplicate();
        }
    }

    /** A copy of {@code array} on the heap, as float32. */
    public static HostTensor of(NDArray array) {
        return new HostTensor(array.getShape().getShape(), array.toType(DataType.FLOAT32, false).toFloatArray());
    }

    /** A matrix as rows. */
    public float[][] rows() {
        if (shape.length != 2) {
            throw new IllegalStateException("rows() needs a matrix, got " + Arrays.toString(shape));
        }
        int r = (int) shape[0];
        int c = (int) shape[1];
        float[][] out = new float[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(data, i * c, out[i], 0, c);
        }
        return out;
    }

    public long dim(int i) {
        return shape[i];
    }
}
