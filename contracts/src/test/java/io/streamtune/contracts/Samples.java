package io.streamtune.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One fully populated instance of every record, for round-trip tests. */
final class Samples {

    static final Instant T = Instant.parse("2026-11-23T10:15:30.123Z");

    private Samples() {
    }

    static LabelledExample example() {
        return new LabelledExample("e-1", 1, T, "ex-42", "spam", "Win a prize — jetzt! 🎉", "spam", "crm-app",
                T.minusSeconds(60), Map.of("channel", "email"));
    }

    static ModelSpec spec() {
        return new ModelSpec("e-2", 1, T, "spam", LabelSet.closed("spam", "ham"), "all-minilm-l6-v2", 5000, 10, 20,
                new TrainingSettings(FineTuneMode.TOP_K, 2, 16, 2000, 5e-5, 1e-3, 10, 128, 4,
                        ReplayStrategy.DER_PP, 500, 1.0, 0.5, 100, 60),
                new PromotionPolicy(0.6, 0.01, 0.05, 30, new AutoRollback(true, 0.03, 300)));
    }

    static ReplaySummary replay() {
        return new ReplaySummary(ReplayStrategy.RESERVOIR, 2000, 120, Map.of("spam", 50, "ham", 70), 123_456L);
    }

    static CheckpointCreated checkpointCreated() {
        return new CheckpointCreated("e-3", 1, T, "spam", "ck-000007", "ck-000006",
                "s3://checkpoints/spam/ck-000007/", 700, 11_200, Map.of(0, 4200L, 1, 7000L), T, 0.231, replay());
    }

    static EvaluationMetrics metrics() {
        return new EvaluationMetrics(400, 0.95, 0.94,
                Map.of("spam", new ClassMetrics(0.9, 0.92, 0.91, 100, 102), "ham", new ClassMetrics(0.97, 0.96, 0.965,
                        300, 298)),
                0.12, 0.03, Map.of("2002-01-01T00:00:00Z", 0.96), Map.of("2002-01-01T00:00:00Z", 0.01),
                Map.of("spam", Map.of("spam", 92, "ham", 8), "ham", Map.of("spam", 10, "ham", 290)));
    }

    static CheckpointEvaluated checkpointEvaluated() {
        return new CheckpointEvaluated("e-4", 1, T, "spam", "ck-000007", "ck-000006", "hs-000003",
                CheckpointEvaluated.Status.EVALUATED, "scored 400 held-out examples", metrics(), metrics(), "ck-000003", 2, 400, null);
    }

    static ModelPromoted modelPromoted() {
        return new ModelPromoted("e-5", 1, T, "spam", 3, "ck-000007", 2, ModelPromoted.Kind.PROMOTION,
                "macro-F1 0.94 >= champion 0.93 + 0.01", 3, metrics());
    }

    static MonitoringReport monitoringReport() {
        EvaluationMetrics m = metrics();
        EvaluationMetrics older = new EvaluationMetrics(400, 0.97, 0.96, m.perClass(), 0.1, 0.02, Map.of(), Map.of(),
                m.confusion());
        return new MonitoringReport("e-6", 1, T, "spam", 3, "ck-000007", 5, 2, 500, 400, 50, m, older,
                List.of(new MonitoringReport.OffsetRange(0, 100, 299), new MonitoringReport.OffsetRange(1, 80, 279)),
                "scored 50 new held-out examples");
    }

    static CheckpointManifest manifest() {
        return new CheckpointManifest(1, "spam", "ck-000007", "ck-000006", T, 700, 11_200, Map.of(0, 4000L),
                Map.of(0, 4200L), T, 0.231, "all-minilm-l6-v2", FineTuneMode.TOP_K, List.of("ham", "spam"), replay(),
                List.of(new CheckpointManifest.FileEntry("weights.params", 1024, "ab12")));
    }

    static ChampionPointer pointer() {
        return new ChampionPointer(1, "spam", 3, "ck-000007", 5, T, "registry-1", "promoted", 2);
    }

    static SourceQuarantined sourceQuarantined() {
        return new SourceQuarantined(null, 0, null, "spam", "buggy-app", SourceQuarantined.State.QUARANTINED,
                "automatic", "the champion disagrees with 126 of 300 labels", Instant.parse("2026-01-02T03:04:05Z"),
                new SourceQuarantined.Evidence("r-1", 3, 300, 126, 0.42, 0.05, 0.01, 0.14, 3, Map.of("ham", 300),
                        0.4));
    }
}
