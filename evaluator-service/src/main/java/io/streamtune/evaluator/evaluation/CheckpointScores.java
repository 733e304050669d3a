package io.streamtune.evaluator.evaluation;

import io.streamtune.evaluator.heldout.HeldoutExample;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-example class probabilities of the last few checkpoints scored, keyed by checkpoint id (a checkpoint's files
 * never change, and a version is a copy of one). A champion is an earlier candidate, so its scores on a snapshot are
 * mostly known already: only the examples it has not seen yet are run through it. About 100 bytes per example and
 * checkpoint; the least recently used checkpoints go first.
 */
public final class CheckpointScores {

    /** One checkpoint's probabilities, labels in column order, by example id. */
    public record Known(List<String> labels, Map<String, float[]> byExample) {

        /** The rows of the examples in their order, null where unknown. */
        public float[][] rows(List<HeldoutExample> examples) {
            float[][] out = new float[examples.size()][];
            for (int i = 0; i < out.length; i++) {
                float[] row = byExample.get(examples.get(i).id());
                out[i] = row == null ? null : row.clone();
            }
            return out;
        }
    }

    private final Map<String, Known> byCheckpoint;

    public CheckpointScores(int checkpoints) {
        if (checkpoints < 1) {
            throw new IllegalArgumentException("streamtune.evaluator.score-cache-checkpoints must be >= 1, got "
                    + checkpoints + ".");
        }
        this.byCheckpoint = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                return size() > checkpoints;
            }
        });
    }

    /** Replaces what is known of the checkpoint with its rows on these examples (one row per example, in order). */
    public void put(String model, String checkpointId, List<String> labels, List<HeldoutExample> examples,
            float[][] rows) {
        if (rows.length != examples.size()) {
            throw new IllegalArgumentException(rows.length + " rows for " + examples.size() + " examples.");
        }
        Map<String, float[]> byExample = new HashMap<>(examples.size() * 2);
        for (int i = 0; i < rows.length; i++) {
            byExample.put(examples.get(i).id(), rows[i].clone());
        }
        byCheckpoint.put(model + "|" + checkpointId, new Known(List.copyOf(labels), byExample));
    }

    public Optional<Known> find(String model, String checkpointId) {
        return Optional.ofNullable(byCheckpoint.get(model + "|" + checkpointId));
    }
}
