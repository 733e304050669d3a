package io.streamtune.e2e.fuzz;

import java.util.List;

/** A model the fuzzed services know: its closed label set and text limit, which the bad examples break. */
public record FuzzModel(String name, List<String> labels, int maxTextChars) {

    public FuzzModel {
        labels = List.copyOf(labels);
        if (labels.size() < 2) {
            throw new IllegalArgumentException("A fuzzed model needs a closed set of at least 2 labels, got " + labels);
        }
    }
}
