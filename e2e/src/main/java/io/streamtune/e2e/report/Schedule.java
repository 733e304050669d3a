package io.streamtune.e2e.report;

import io.streamtune.e2e.corpus.LabelledText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A stream cut into micro-batches in order, and the batches after which the model is scored: every {@code every}
 * batches, after the batch holding the last example of each phase, and after the last batch.
 */
record Schedule(List<List<LabelledText>> batches, TreeSet<Integer> evaluateAfter, Map<Integer, String> phaseEnds) {

    static Schedule of(List<LabelledText> stream, int batchSize, int every) {
        List<List<LabelledText>> batches = new ArrayList<>();
        for (int i = 0; i < stream.size(); i += batchSize) {
            batches.add(stream.subList(i, Math.min(i + batchSize, stream.size())));
        }
        TreeSet<Integer> after = new TreeSet<>();
        for (int b = every - 1; b < batches.size(); b += every) {
            after.add(b);
        }
        Map<Integer, String> ends = new LinkedHashMap<>();
        for (int i = 0; i < stream.size(); i++) {
            boolean last = i + 1 == stream.size() || !stream.get(i + 1).period().equals(stream.get(i).period());
            if (last) {
                ends.put(i / batchSize, stream.get(i).period());
            }
        }
        after.addAll(ends.keySet());
        after.add(batches.size() - 1);
        return new Schedule(batches, after, ends);
    }
}
