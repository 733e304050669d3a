package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The labels a model knows. Closed: only these are accepted. Open: new labels are accepted and grow the model's
 * head (class-incremental learning); {@link #values()} are then the labels known up front.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LabelSet(boolean open, List<String> values) {

    public LabelSet {
        values = values == null ? List.of() : List.copyOf(values);
        List<Violation> v = new ArrayList<>();
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

    public static LabelSet closed(String... labels) {
        return new LabelSet(false, List.of(labels));
    }

    public static LabelSet open(String... labels) {
        return new LabelSet(true, List.of(labels));
    }

    public boolean accepts(String label) {
        return open || values.contains(label);
    }
}
