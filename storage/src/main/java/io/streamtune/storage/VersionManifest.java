package io.streamtune.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.streamtune.contracts.CheckpointManifest;
import java.time.Instant;
import java.util.List;

/**
 * {@code <model>/versions/<n>/version.json}: written last and only if absent, so a version exists exactly when this
 * file does, and is never overwritten.
 *
 * @param checkpoint the manifest of the checkpoint this version copies (lineage: parent, offsets covered)
 * @param files every file of the version, relative to its folder (the checkpoint's files + the evaluation report)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VersionManifest(int schemaVersion, String model, int version, String checkpointId, Instant createdAt,
        CheckpointManifest checkpoint, List<CheckpointManifest.FileEntry> files) {

    public static final String FILE_NAME = "version.json";
    public static final String EVALUATION_FILE = "evaluation.json";
}
