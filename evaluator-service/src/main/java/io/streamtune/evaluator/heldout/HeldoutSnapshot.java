package io.streamtune.evaluator.heldout;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A frozen copy of a model's held-out set: what one evaluation scores, whatever arrives meanwhile. Immutable; kept in
 * S3 under its id, which changes exactly when the examples do.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeldoutSnapshot(String model, String id, long sequence, Instant createdAt,
        List<HeldoutExample> examples) {

    public HeldoutSnapshot {
        examples = List.copyOf(examples);
    }

    /** The snapshot id of a model's n-th example set. */
    public static String idOf(String model, long sequence) {
        return String.format("%s-hs-%06d", model, sequence);
    }

    @JsonIgnore
    public int size() {
        return examples.size();
    }

    /** Examples per class. */
    @JsonIgnore
    public Map<String, Integer> perClass() {
        Map<String, Integer> out = new TreeMap<>();
        examples.forEach(e -> out.merge(e.label(), 1, Integer::sum));
        return out;
    }

    /** Examples per time slice. */
    @JsonIgnore
    public Map<String, Integer> perSlice() {
        Map<String, Integer> out = new TreeMap<>();
        examples.forEach(e -> out.merge(e.slice(), 1, Integer::sum));
        return out;
    }

    @JsonIgnore
    public List<String> texts() {
        return examples.stream().map(HeldoutExample::text).toList();
    }

    @JsonIgnore
    public List<String> labels() {
        return examples.stream().map(HeldoutExample::label).toList();
    }

    @JsonIgnore
    public List<String> slices() {
        return examples.stream().map(HeldoutExample::slice).toList();
    }
}
