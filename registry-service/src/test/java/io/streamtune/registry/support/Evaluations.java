package io.streamtune.registry.support;

import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.ClassMetrics;
import io.streamtune.contracts.EvaluationMetrics;
import java.time.Instant;
import java.util.Map;

/** Builds the evaluations an evaluator would publish. */
public final class Evaluations {

    private Evaluations() {
    }

    public static EvaluationMetrics metrics(double macroF1, int count, Map<String, Double> forgetting) {
        return new EvaluationMetrics(count, macroF1, macroF1, Map.of("spam", new ClassMetrics(macroF1, macroF1,
                macroF1, count / 2, count / 2)), 0.3, 0.04, Map.of("2026-11-01T00:00:00Z", macroF1), forgetting,
                Map.of("spam", Map.of("spam", count / 2)));
    }

    /** A candidate scored alone: there is no champion yet. */
    public static CheckpointEvaluated first(String model, String checkpointId, double macroF1) {
        return new CheckpointEvaluated(null, 0, null, model, checkpointId, null, "snap-1",
                CheckpointEvaluated.Status.EVALUATED, null, metrics(macroF1, 200, Map.of()), null, null, null, 200,
                null);
    }

    /** A candidate and the champion scored on the same snapshot. */
    public static CheckpointEvaluated against(String model, String checkpointId, double macroF1,
            String championId, int championVersion, double championF1, Map<String, Double> forgetting, int count) {
        return new CheckpointEvaluated(null, 0, null, model, checkpointId, championId, "snap-2",
                CheckpointEvaluated.Status.EVALUATED, null, metrics(macroF1, count, forgetting),
                metrics(championF1, count, Map.of()), championId, championVersion, count, null);
    }

    public static CheckpointEvaluated against(String model, String checkpointId, double macroF1, String championId,
            int championVersion, double championF1) {
        return against(model, checkpointId, macroF1, championId, championVersion, championF1, Map.of(), 200);
    }

    public static CheckpointEvaluated notScored(String model, String checkpointId, CheckpointEvaluated.Status status,
            String reason) {
        return new CheckpointEvaluated(null, 0, Instant.now(), model, checkpointId, null, null, status, reason, null,
                null, null, null, 12, null);
    }
}
