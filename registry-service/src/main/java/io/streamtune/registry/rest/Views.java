package io.streamtune.registry.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.registry.promotion.Decision;
import io.streamtune.registry.promotion.EvaluationReport;
import io.streamtune.registry.promotion.Gate;
import io.streamtune.registry.promotion.GateResult;
import io.streamtune.storage.VersionManifest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the query API answers. */
final class Views {

    private Views() {
    }

    /** A model: its spec and, once it has one, its champion. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModelView(String name, ModelSpec spec, ChampionView champion) {
    }

    /**
     * What an app needs to load the best model, and where it came from.
     *
     * @param download the whole version as one zip (Streamtune's own format)
     * @param serving what an app serves the model from: {@code model.onnx}, {@code tokenizer.json},
     *     {@code labels.json} and {@code MODEL_CARD.md} (each {@code file} named without its folder); absent for a
     *     version made before versions carried them
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChampionView(String model, int version, String checkpointId, long generation, Instant since,
            double ageSeconds, String reason, String movedBy, EvaluationMetrics metrics, String heldoutSnapshotId,
            Lineage lineage, Download download, List<Download> serving, String variant,
            io.streamtune.contracts.ModelFamily family, io.streamtune.contracts.TrainingCost cost) {
    }

    /** The checkpoint a version copies: its parent, the training it covers, the Kafka offsets it consumed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Lineage(String parentCheckpointId, long step, long examplesSeen, Map<Integer, Long> fromOffsets,
            Map<Integer, Long> offsets, Instant maxEventTime, String baseModel, FineTuneMode fineTuneMode,
            List<String> labels, Instant checkpointCreatedAt) {

        static Lineage of(CheckpointManifest m) {
            return new Lineage(m.parentCheckpointId(), m.step(), m.examplesSeen(), m.fromOffsets(), m.offsets(),
                    m.maxEventTime(), m.baseModel(), m.fineTuneMode(), m.labels(), m.createdAt());
        }
    }

    /** A presigned GET URL for one file of a version, with what to verify it against. */
    record Download(String file, URI url, Instant expiresAt, long size, String sha256) {
    }

    /** One version; {@code serving} as in {@link ChampionView}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VersionView(String model, int version, String checkpointId, Instant createdAt, boolean champion,
            EvaluationMetrics metrics, String heldoutSnapshotId, List<GateResult> gates, Lineage lineage,
            List<CheckpointManifest.FileEntry> files, List<Download> serving, String variant,
            io.streamtune.contracts.ModelFamily family) {

        static VersionView of(VersionManifest v, boolean champion, EvaluationReport report, List<Download> serving) {
            return new VersionView(v.model(), v.version(), v.checkpointId(), v.createdAt(), champion,
                    report == null ? null : report.evaluation().candidate(),
                    report == null ? null : report.evaluation().heldoutSnapshotId(),
                    report == null ? null : report.gates(), Lineage.of(v.checkpoint()), v.files(), serving,
                    v.checkpoint() == null ? null : v.checkpoint().variant(),
                    v.checkpoint() == null ? null : v.checkpoint().family());
        }
    }

    /**
     * One point of a model's metric history (an evaluation, or a rollback) for the dashboard's charts.
     *
     * @param championMacroF1 the champion's macro-F1 on the same held-out snapshot
     * @param perClassF1 the candidate's F1 per class
     * @param forgetting the candidate's forgetting per time slice (slice start → best earlier accuracy minus its own)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record HistoryPoint(String id, Instant at, Decision.Kind kind, Decision.Outcome outcome, String checkpointId,
            Integer version, Double macroF1, Double accuracy, Double championMacroF1, Double maxForgetting,
            Integer evaluatedCount, String reason, List<Gate> failedGates, Map<String, Double> perClassF1,
            Map<String, Double> forgetting, String variant, io.streamtune.contracts.ModelFamily family,
            Double cpuSecondsPer1000) {

        static HistoryPoint of(Decision d) {
            EvaluationMetrics c = d.candidate();
            Map<String, Double> f1 = new TreeMap<>();
            if (c != null) {
                c.perClass().forEach((label, m) -> f1.put(label, m.f1()));
            }
            return new HistoryPoint(d.id(), d.evaluatedAt() != null ? d.evaluatedAt() : d.decidedAt(), d.kind(),
                    d.outcome(), d.checkpointId(), d.version(), c == null ? null : c.macroF1(),
                    c == null ? null : c.accuracy(), d.champion() == null ? null : d.champion().macroF1(),
                    c == null ? null : c.maxForgetting(), d.evaluatedCount(), d.reason(), d.failedGates(),
                    c == null ? null : f1, c == null ? null : c.forgetting(), d.variant(), d.family(),
                    d.cost() == null || d.cost().examples() == 0 ? null : d.cost().cpuSecondsPer1000());
        }
    }

    /** The first server-sent event: who the champion is at connection time. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChampionState(String model, Integer version, String checkpointId, Long generation) {

        static ChampionState of(String model, ChampionPointer p) {
            return p == null ? new ChampionState(model, null, null, null)
                    : new ChampionState(model, p.version(), p.checkpointId(), p.generation());
        }
    }
}
