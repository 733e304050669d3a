package io.streamtune.ingest.examples;

import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each open label set within its spec's {@code labels.maxLabels}: the labels a model has are those its spec
 * lists plus every new label this instance admitted since it started. Exact for one instance; across replicas and
 * restarts a model can get past the cap by what the others admitted (the spec is the one shared source ingest
 * has). A label is admitted before its batch is written and kept if the write then fails: the count errs high.
 */
@ApplicationScoped
public class LabelBook {

    private final Map<String, Set<String>> admitted = new ConcurrentHashMap<>();

    /** Admits the batch's new labels when they fit under the cap; otherwise admits none and says which examples. */
    public List<ItemViolation> admit(ModelSpec spec, List<ValidatedBatch.Placed> examples) {
        LabelSet labels = spec.labels();
        if (!labels.open()) {
            return List.of(); // the validator accepts only the listed labels, which the spec keeps under its cap
        }
        Set<String> listed = new HashSet<>(labels.values());
        Set<String> seen = admitted.computeIfAbsent(spec.name(), m -> new HashSet<>());
        synchronized (seen) {
            Map<String, Integer> fresh = new LinkedHashMap<>();
            for (int i = 0; i < examples.size(); i++) {
                String label = examples.get(i).example().label();
                if (!listed.contains(label) && !seen.contains(label)) {
                    fresh.putIfAbsent(label, i);
                }
            }
            long have = listed.size() + seen.stream().filter(l -> !listed.contains(l)).count();
            if (have + fresh.size() <= labels.maxLabels()) {
                seen.addAll(fresh.keySet());
                return List.of();
            }
            List<ItemViolation> over = new ArrayList<>();
            long room = Math.max(0, labels.maxLabels() - have);
            fresh.entrySet().stream().skip(room).forEach(e -> over.add(ItemViolation.of(e.getValue(), "label",
                    "is a new label and model '" + spec.name() + "' already has " + have + " of its at most "
                            + labels.maxLabels() + " distinct labels (labels.maxLabels), got "
                            + Shown.quote(e.getKey()))));
            return over;
        }
    }
}
