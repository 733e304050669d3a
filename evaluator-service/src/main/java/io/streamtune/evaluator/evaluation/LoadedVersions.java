package io.streamtune.evaluator.evaluation;

import io.streamtune.storage.ArtifactStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Model versions loaded for scoring, at most one per model: asking for another version of a model downloads and
 * loads it (into {@code <root>/<model>/v<n>}) and closes the one it replaces. Callers serialise their use.
 */
public final class LoadedVersions implements AutoCloseable {

    private record Loaded(int version, ScoringModel model) {
    }

    private final ArtifactStore artifacts;
    private final Scorer scorer;
    private final Path root;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    public LoadedVersions(ArtifactStore artifacts, Scorer scorer, Path root) {
        this.artifacts = artifacts;
        this.scorer = scorer;
        this.root = root;
    }

    /**
     * The files of a version a scorer reads: not the registry's download bundle ({@code model.zip}) nor its serving
     * export ({@code serving/}), each as large as the model again, nor the trainer's replay buffer and optimizer
     * moments.
     */
    static boolean scored(String path) {
        return !path.equals("model.zip") && !path.startsWith("serving/")
                && !path.equals(io.streamtune.training.CheckpointState.REPLAY_FILE)
                && !path.endsWith(io.streamtune.model.checkpoint.CheckpointIO.OPTIMIZER_STATE);
    }

    /** The model's version {@code version}, loaded now unless it is the one loaded. */
    public synchronized ScoringModel load(String model, int version) {
        Loaded current = loaded.get(model);
        if (current != null && current.version() == version) {
            return current.model();
        }
        Path dir = root.resolve(model).resolve("v" + version);
        Folders.deleteQuietly(dir);
        artifacts.downloadVersion(model, version, dir, LoadedVersions::scored);
        ScoringModel m = scorer.load(model, dir);
        if (current != null) {
            current.model().close();
            Folders.deleteQuietly(root.resolve(model).resolve("v" + current.version()));
        }
        loaded.put(model, new Loaded(version, m));
        return m;
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(l -> l.model().close());
        loaded.clear();
    }
}
