package io.streamtune.evaluator.evaluation;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.Versioned;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The current champion's scores on a snapshot. The champion is whatever the pointer in the models bucket names at
 * the time of the evaluation; its version is downloaded and loaded once, and its scores are cached per snapshot, so
 * every checkpoint evaluated on the same snapshot is compared with the same champion numbers at no extra cost.
 */
public final class ChampionScores implements AutoCloseable {

    /** The champion's raw scores (no forgetting yet) on one snapshot. */
    public record Scored(int version, String checkpointId, EvaluationMetrics metrics) {
    }

    private record Loaded(int version, ScoringModel model) {
    }

    private final ArtifactStore artifacts;
    private final Scorer scorer;
    private final Path workDir;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
    private final Map<String, Scored> cache;
    private static final Logger LOG = Logger.getLogger(ChampionScores.class);

    private final AtomicLong scorings = new AtomicLong();

    public ChampionScores(ArtifactStore artifacts, Scorer scorer, Path workDir, int cachedSnapshots) {
        this.artifacts = artifacts;
        this.scorer = scorer;
        this.workDir = workDir;
        this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Scored> eldest) {
                return size() > cachedSnapshots;
            }
        });
    }

    /** The champion's scores on the snapshot; empty when the model has no champion yet. */
    public Optional<Scored> score(String model, HeldoutSnapshot snapshot) {
        Optional<ChampionPointer> pointer = artifacts.readChampion(model).map(Versioned::value);
        if (pointer.isEmpty()) {
            return Optional.empty();
        }
        ChampionPointer p = pointer.get();
        String key = model + "|" + p.version() + "|" + snapshot.id();
        Scored hit = cache.get(key);
        if (hit != null) {
            return Optional.of(hit);
        }
        ScoringModel m = load(model, p.version());
        long t0 = System.nanoTime();
        float[][] probabilities = m.probabilities(snapshot);
        scorings.incrementAndGet();
        LOG.infof("Champion %s/v%s: scored %s examples in %s ms", model, p.version(), snapshot.size(),
                (System.nanoTime() - t0) / 1_000_000);
        Scored scored = new Scored(p.version(), p.checkpointId(),
                Metrics.compute(m.labels(), probabilities, snapshot.labels(), snapshot.slices()));
        cache.put(key, scored);
        return Optional.of(scored);
    }

    /** How many times a champion was actually scored (cache misses). */
    public long scorings() {
        return scorings.get();
    }

    private synchronized ScoringModel load(String model, int version) {
        Loaded current = loaded.get(model);
        if (current != null && current.version() == version) {
            return current.model();
        }
        Path dir = workDir.resolve("champions").resolve(model).resolve("v" + version);
        Folders.deleteQuietly(dir);
        artifacts.downloadVersion(model, version, dir);
        ScoringModel m = scorer.load(model, dir);
        if (current != null) {
            current.model().close();
            Folders.deleteQuietly(workDir.resolve("champions").resolve(model).resolve("v" + current.version()));
        }
        loaded.put(model, new Loaded(version, m));
        return m;
    }

    @Override
    public void close() {
        loaded.values().forEach(l -> l.model().close());
        loaded.clear();
    }
}
