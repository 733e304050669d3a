package io.streamtune.evaluator.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.streamtune.contracts.CheckpointEvaluated;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model's best-ever accuracy per time slice, for forgetting as defined in
 * {@link CheckpointEvaluated#FORGETTING_DEFINITION}: per slice, the best accuracy any earlier evaluated checkpoint
 * reached on it minus this checkpoint's. It keeps the two best distinct checkpoints of each slice, so the best
 * "other than me" is known for the champion too. An immutable value; {@code EvaluationArchive} keeps it in S3.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ForgettingLedger(Map<String, List<Best>> slices) {

    /** One checkpoint's accuracy on a slice, and on how many examples it was measured. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Best(String checkpointId, double accuracy, int examples) {
    }

    private static final int KEPT = 2;

    public ForgettingLedger {
        Map<String, List<Best>> copy = new TreeMap<>();
        if (slices != null) {
            slices.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        }
        slices = java.util.Collections.unmodifiableMap(copy);
    }

    public static ForgettingLedger empty() {
        return new ForgettingLedger(Map.of());
    }

    /**
     * Forgetting per slice of {@code sliceAccuracy}: the best accuracy of another checkpoint minus this one's. Slices
     * no other checkpoint was measured on are absent.
     */
    public Map<String, Double> forgetting(String checkpointId, Map<String, Double> sliceAccuracy) {
        Map<String, Double> out = new TreeMap<>();
        sliceAccuracy.forEach((slice, accuracy) -> bestOther(slice, checkpointId)
                .ifPresent(best -> out.put(slice, best.accuracy() - accuracy)));
        return out;
    }

    /** The ledger with this checkpoint's accuracies taken in, for slices measured on at least one example. */
    public ForgettingLedger record(String checkpointId, Map<String, Double> sliceAccuracy,
            Map<String, Integer> sliceExamples) {
        Map<String, List<Best>> next = new TreeMap<>(slices);
        sliceAccuracy.forEach((slice, accuracy) -> {
            List<Best> bests = new ArrayList<>(next.getOrDefault(slice, List.of()));
            Best mine = new Best(checkpointId, accuracy, sliceExamples.getOrDefault(slice, 0));
            int existing = indexOf(bests, checkpointId);
            if (existing >= 0) {
                if (bests.get(existing).accuracy() >= accuracy) {
                    return;
                }
                bests.remove(existing);
            }
            bests.add(mine);
            bests.sort(Comparator.comparingDouble(Best::accuracy).reversed());
            next.put(slice, List.copyOf(bests.subList(0, Math.min(KEPT, bests.size()))));
        });
        return new ForgettingLedger(next);
    }

    private java.util.Optional<Best> bestOther(String slice, String checkpointId) {
        return slices.getOrDefault(slice, List.of()).stream()
                .filter(b -> !b.checkpointId().equals(checkpointId)).findFirst();
    }

    private static int indexOf(List<Best> bests, String checkpointId) {
        for (int i = 0; i < bests.size(); i++) {
            if (bests.get(i).checkpointId().equals(checkpointId)) {
                return i;
            }
        }
        return -1;
    }
}
