package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The labels a model knows. Closed: only these are accepted. Open: new labels are accepted and grow the model's
 * head (class-incremental learning); {@link #values()} are then the labels known up front.
 *
 * @param maxLabels the most distinct labels the model may have, known up front or new, so one client cannot grow an
 *     open head without bound; default {@value #DEFAULT_MAX_LABELS} (or the count of {@code values} when larger),
 *     at most {@link Rules#MAX_LABELS}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LabelSet(boolean open, List<String> values, int maxLabels) {

    public static final int DEFAULT_MAX_LABELS = 1_000;

    public LabelSet {
        values = values == null ? List.of() : List.copyOf(values);
        maxLabels = maxLabels == 0 ? Math.max(DEFAULT_MAX_LABELS, values.size()) : maxLabels;
        List<Violation> v = new ArrayList<>();
        if (maxLabels < Math.max(1, values.size()) || maxLabels > Rules.MAX_LABELS) {
            v.add(new Violation("labels.maxLabels", "must be " + Math.max(1, values.size()) + ".." + Rules.MAX_LABELS
                    + " (at least the labels listed), got " + maxLabels));
        }
        if (!open && values.size() < 2) {
            v.add(new Violation("labels.values", "a closed label set needs at least 2 labels, got " + values.size()));
        }
        if (values.size() > Rules.MAX_LABELS) {
            v.add(new Violation("labels.values", "must hold at most " + Rules.MAX_LABELS + " labels, got "
                    + values.size()));
        }
        for (int i = 0; i < values.size(); i++) {
            Rules.label("labels.values[" + i + "]", values.get(i), v);
        }
        if (new LinkedHashSet<>(values).size() != values.size()) {
            v.add(new Violation("labels.values", "must not repeat a label"));
        }
        ContractViolationException.throwIfAny(v);
    }

    /** With the default cap on distinct labels. */
    public LabelSet(boolean open, List<String> values) {
        this(open, values, 0);
    }

    public static LabelSet closed(String... labels) {
        return new LabelSet(false, List.of(labels));
    }

    public static LabelSet open(String... labels) {
        return new LabelSet(true, List.of(labels));
    }

    /** An open set whose labels, known up front or new, may number at most {@code maxLabels}. */
    public static LabelSet open(int maxLabels, String... labels) {
        return new LabelSet(true, List.of(labels), maxLabels);
    }

    public boolean accepts(String label) {
        return open || values.contains(label);
    }
}
