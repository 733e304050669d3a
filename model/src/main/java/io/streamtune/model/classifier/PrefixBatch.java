package io.streamtune.model.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Cached prefix outputs back on the device: token states [S, T, H] padded to the longest window
 * with their mask [S, T], or pooled rows [S, H]; {@code owners[s]} is the output window s came from.
 */
record PrefixBatch(NDArray states, NDArray mask, int[] owners) {

    static PrefixBatch of(List<PrefixOutput> outputs, Classifier classifier, NDManager manager) {
        int hidden = classifier.encoderConfig().hiddenSize();
        int layer = classifier.frozenLayers();
        PrefixPrecision precision = null;
        int windows = 0;
        int longest = 0;
        for (PrefixOutput o : outputs) {
            if (o.layer() != layer || o.hidden() != hidden) {
                throw new IllegalArgumentException(
                        "a prefix output of layer " + o.layer() + " and width " + o.hidden()
                                + " does not fit this classifier (frozen layers " + layer + ", hidden "
                                + hidden + "); compare prefixKey() before reusing a cache.");
            }
            if (precision != null && precision != o.precision()) {
                throw new IllegalArgumentException("prefix outputs of one batch must share a precision.");
            }
            precision = o.precision();
            windows += o.windows();
            for (int w = 0; w < o.windows(); w++) {
                longest = Math.max(longest, o.length(w));
            }
        }
        if (precision == null) {
            throw new IllegalArgumentException("a batch needs at least one prefix output.");
        }
        int[] owners = new int[windows];
        int[] lengths = new int[windows];
        boolean pooled = outputs.get(0).pooled();
        int rowBytes = hidden * precision.bytes();
        int rowsPerWindow = pooled ? 1 : longest;
        ByteBuffer buf = ByteBuffer.allocateDirect(windows * rowsPerWindow * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
        int s = 0;
        for (int i = 0; i < outputs.size(); i++) {
            PrefixOutput o = outputs.get(i);
            byte[] data = o.data();
            int offset = 0;
            for (int w = 0; w < o.windows(); w++, s++) {
                owners[s] = i;
                lengths[s] = o.length(w);
                int bytes = (pooled ? 1 : o.length(w)) * rowBytes;
                buf.position(s * rowsPerWindow * rowBytes);
                buf.put(data, offset, bytes);
                offset += bytes;
            }
        }
        buf.rewind();
        Shape shape = pooled ? new Shape(windows, hidden) : new Shape(windows, longest, hidden);
        NDArray states = manager.create(buf, shape, precision.dataType());
        if (precision != PrefixPrecision.FP32) {
            states = states.toType(DataType.FLOAT32, false);
        }
        NDArray mask = pooled ? null : WindowBatch.mask(lengths, longest, manager);
        return new PrefixBatch(states, mask, owners);
    }
}
