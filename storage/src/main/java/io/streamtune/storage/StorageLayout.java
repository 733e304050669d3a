package io.streamtune.storage;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.Topics;

/** Object keys, from names the contracts already validated, so no key can escape its model's prefix. */
public final class StorageLayout {

    private StorageLayout() {
    }

    public static String checkpointPrefix(String model, String checkpointId) {
        return checkpointsPrefix(model) + id(checkpointId) + "/";
    }

    /** Every checkpoint folder of a model (and its head) in the checkpoints bucket: {@code <model>/}. */
    public static String checkpointsPrefix(String model) {
        return model(model) + "/";
    }

    /** A model's checkpoint head: {@code <model>/head.json} (never a checkpoint folder: ids hold no '.json/'). */
    public static String headKey(String model) {
        return model(model) + "/" + io.streamtune.contracts.CheckpointHead.FILE_NAME;
    }

    public static String manifestKey(String model, String checkpointId) {
        return checkpointPrefix(model, checkpointId) + CheckpointManifest.FILE_NAME;
    }

    /** Base weights of delta checkpoints, by content: {@code _bases/<sha256>.safetensors} (no model name starts with _). */
    public static String baseKey(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a base's SHA-256 must be 64 lowercase hex digits, got '" + sha256
                    + "'");
        }
        return "_bases/" + sha256 + ".safetensors";
    }

    public static String versionsPrefix(String model) {
        return model(model) + "/versions/";
    }

    public static String versionPrefix(String model, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
        return versionsPrefix(model) + version + "/";
    }

    public static String championKey(String model) {
        return model(model) + "/" + ChampionPointer.FILE_NAME;
    }

    /** A model's name, or a challenger's lineage {@code <model>.<variant>}: its checkpoints sit beside the model's. */
    private static String model(String model) {
        java.util.List<io.streamtune.contracts.Violation> v = new java.util.ArrayList<>();
        io.streamtune.contracts.Rules.lineage("model", model, v);
        if (!v.isEmpty()) {
            throw new io.streamtune.contracts.ContractViolationException(v);
        }
        return model;
    }

    private static String id(String id) {
        if (id == null || !io.streamtune.contracts.Rules.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("checkpointId must match " + io.streamtune.contracts.Rules.ID
                    + ", got '" + id + "'");
        }
        return id;
    }
}
