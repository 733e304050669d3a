package io.streamtune.e2e.report;

import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.model.metrics.ClassificationScores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores of one model state on a held-out set, overall ({@link #ALL}) and per slice (a corpus period or task).
 *
 * @param examples new examples trained on when the model was scored
 */
record Evaluation(long examples, Map<String, ClassificationScores> slices) {

    static final String ALL = "all";

    /** Scores overall and per {@code slice} of the examples. */
    static Evaluation of(long examples, List<LabelledText> truth, List<String> predicted,
            java.util.function.Function<LabelledText, String> slice) {
        Map<String, List<String>> t = new LinkedHashMap<>();
        Map<String, List<String>> p = new LinkedHashMap<>();
        for (int i = 0; i < truth.size(); i++) {
            String s = slice.apply(truth.get(i));
            t.computeIfAbsent(s, k -> new ArrayList<>()).add(truth.get(i).label());
            p.computeIfAbsent(s, k -> new ArrayList<>()).add(predicted.get(i));
        }
        Map<String, ClassificationScores> out = new LinkedHashMap<>();
        out.put(ALL, ClassificationScores.of(truth.stream().map(LabelledText::label).toList(), predicted));
        t.forEach((s, labels) -> out.put(s, ClassificationScores.of(labels, p.get(s))));
        return new Evaluation(examples, out);
    }

    ClassificationScores slice(String name) {
        ClassificationScores s = slices.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no slice '" + name + "' in " + slices.keySet());
        }
        return s;
    }
}
