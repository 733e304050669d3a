package io.streamtune.model.classifier;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** The windows of several texts flattened, with the text each belongs to. */
record Windows(List<long[]> flat, int[] owners, int texts) {

    static Windows of(List<List<long[]>> perText) {
        List<long[]> flat = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int t = 0; t < perText.size(); t++) {
            for (long[] w : perText.get(t)) {
                flat.add(w);
                owners.add(t);
            }
        }
        return new Windows(flat, owners.stream().mapToInt(Integer::intValue).toArray(), perText.size());
    }

    /** Per-text mean of per-window rows. */
    float[][] average(float[][] windowRows) {
        int cols = windowRows.length == 0 ? 0 : windowRows[0].length;
        float[][] out = new float[texts][cols];
        int[] counts = new int[texts];
        for (int s = 0; s < windowRows.length; s++) {
            int t = owners[s];
            counts[t]++;
            for (int c = 0; c < cols; c++) {
                out[t][c] += windowRows[s][c];
            }
        }
        for (int t = 0; t < texts; t++) {
            if (counts[t] > 1) {
                for (int c = 0; c < cols; c++) {
                    out[t][c] /= counts[t];
                }
            }
        }
        return out;
    }

    /**
     * Indices of {@code windows} sorted by length, cut into chunks of at most {@code size}: each
     * chunk pads only to its own longest window.
     */
    static List<int[]> chunksByLength(List<long[]> windows, int size) {
        int[] order = IntStream.range(0, windows.size()).boxed()
                .sorted(Comparator.comparingInt(i -> windows.get(i).length))
                .mapToInt(Integer::intValue).toArray();
        List<int[]> chunks = new ArrayList<>();
        for (int start = 0; start < order.length; start += size) {
            int end = Math.min(order.length, start + size);
            int[] chunk = new int[end - start];
            System.arraycopy(order, start, chunk, 0, chunk.length);
            chunks.add(chunk);
        }
        return chunks;
    }
}
