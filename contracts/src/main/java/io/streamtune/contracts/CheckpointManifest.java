package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code checkpoints/<model>/<checkpointId>/manifest.json}: written after every other file of the checkpoint, so a
 * checkpoint without it does not exist.
 *
 * @param fromOffsets per partition, the first offset this checkpoint's interval trained on (the parent's
 *     {@code offsets})
 * @param offsets per partition, the next offset to read: a restarted trainer seeks here
 * @param files every other file of the checkpoint with its size and SHA-256, so a reader can verify it
 * @param variant the variant whose lineage this checkpoint is ({@link Variant#PRIMARY} when written before variants)
 * @param family the variant's model family
 * @param cost what training the lineage cost up to this checkpoint
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointManifest(
        int schemaVersion,
        String model,
        String checkpointId,
        String parentCheckpointId,
        Instant createdAt,
        long step,
        long examplesSeen,
        Map<Integer, Long> fromOffsets,
        Map<Integer, Long> offsets,
        Instant maxEventTime,
        double trainingLoss,
        String baseModel,
        FineTuneMode fineTuneMode,
        List<String> labels,
        ReplaySummary replay,
        List<FileEntry> files,
        String variant,
        ModelFamily family,
        TrainingCost cost) {

    public static final String FILE_NAME = "manifest.json";

    /** One file of a checkpoint, path relative to the checkpoint's folder. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileEntry(String path, long size, String sha256) {
        public FileEntry {
            if (path == null || path.isBlank() || path.startsWith("/") || path.contains("..")
                    || path.contains("\\") || path.equals(FILE_NAME)) {
                throw new ContractViolationException("files.path",
                        "must be a relative path inside the checkpoint, without '..', got "
                                + Rules.quote(String.valueOf(path)));
            }
        }
    }

    /** The manifest of the primary variant, written as before variants existed. */
    public CheckpointManifest(int schemaVersion, String model, String checkpointId, String parentCheckpointId,
            Instant createdAt, long step, long examplesSeen, Map<Integer, Long> fromOffsets,
            Map<Integer, Long> offsets, Instant maxEventTime, double trainingLoss, String baseModel,
            FineTuneMode fineTuneMode, List<String> labels, ReplaySummary replay, List<FileEntry> files) {
        this(schemaVersion, model, checkpointId, parentCheckpointId, createdAt, step, examplesSeen, fromOffsets,
                offsets, maxEventTime, trainingLoss, baseModel, fineTuneMode, labels, replay, files, null, null, null);
    }

    public CheckpointManifest {
        variant = Variant.orPrimary(variant);
        family = ModelFamily.orDefault(family);
        cost = TrainingCost.orNone(cost);
        schemaVersion = Event.schemaVersionOrCurrent(schemaVersion);
        createdAt = Event.nowIfNull(createdAt);
        fromOffsets = fromOffsets == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(fromOffsets));
        offsets = offsets == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(offsets));
        labels = labels == null ? List.of() : List.copyOf(labels);
        files = files == null ? List.of() : List.copyOf(files);
        List<Violation> v = new ArrayList<>();
        Rules.modelName("model", model, v);
        Rules.id("checkpointId", checkpointId, v);
        if (parentCheckpointId != null) {
            Rules.id("parentCheckpointId", parentCheckpointId, v);
        }
        ContractViolationException.throwIfAny(v);
    }
}
