package io.streamtune.evaluator.evaluation;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.evaluator.heldout.HeldoutExample;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.Versioned;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * The current champion's scores on a snapshot. The champion is whatever the pointer in the models bucket names at
 * the time of the evaluation; its scores are cached per snapshot, so every checkpoint evaluated on the same snapshot
 * is compared with the same champion numbers at no extra cost. A new snapshot (or a new champion) reuses the
 * per-example probabilities the champion's checkpoint already got ({@link CheckpointScores}: as a candidate, or on an
 * earlier snapshot); only the examples without one are run, and the version is downloaded and loaded only then.
 */
public final class ChampionScores implements AutoCloseable {

    /** The champion's raw scores (no forgetting yet) on one snapshot. */
    public record Scored(int version, String checkpointId, EvaluationMetrics metrics, String variant) {

        /** The lineage the champion's checkpoint came from. */
        public String lineage(String model) {
            return io.streamtune.contracts.Variant.lineage(model, variant);
        }

    }

    private record Probabilities(List<String> labels, float[][] rows, int run) {
    }

    private final ArtifactStore artifacts;
    private final LoadedVersions loaded;
    private final Map<String, Scored> cache;
    private static final Logger LOG = Logger.getLogger(ChampionScores.class);

    private final AtomicLong scorings = new AtomicLong();
    private final AtomicLong examplesRun = new AtomicLong();
    private final CheckpointScores checkpoints;

    public ChampionScores(ArtifactStore artifacts, Scorer scorer, Path workDir, int cachedSnapshots) {
        this(artifacts, scorer, workDir, cachedSnapshots, new CheckpointScores(8));
    }

    public ChampionScores(ArtifactStore artifacts, Scorer scorer, Path workDir, int cachedSnapshots,
            CheckpointScores checkpoints) {
        this.checkpoints = checkpoints;
        this.artifacts = artifacts;
        this.loaded = new LoadedVersions(artifacts, scorer, workDir.resolve("champions"));
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
        long t0 = System.nanoTime();
        Probabilities probabilities = probabilities(model, p, snapshot);
        scorings.incrementAndGet();
        LOG.infof("Champion %s/v%s: scored %s examples in %s ms (%s run through it, the rest known from checkpoint %s)",
                model, p.version(), snapshot.size(), (System.nanoTime() - t0) / 1_000_000, probabilities.run(),
                p.checkpointId());
        Scored scored = new Scored(p.version(), p.checkpointId(), Metrics.compute(probabilities.labels(),
                probabilities.rows(), snapshot.labels(), snapshot.slices()), p.variant());
        cache.put(key, scored);
        return Optional.of(scored);
    }

    /**
     * Records a checkpoint's probabilities on a snapshot, for when it becomes the champion.
     *
     * @param lineage the checkpoint's lineage ({@link io.streamtune.contracts.Variant#lineage})
     */
    public void recordCandidate(String lineage, String checkpointId, List<String> labels, HeldoutSnapshot snapshot,
            float[][] probabilities) {
        checkpoints.put(lineage, checkpointId, labels, snapshot.examples(), probabilities);
    }

    /** The champion's probabilities on every example of the snapshot: known ones reused, the others run. */
    private Probabilities probabilities(String model, ChampionPointer p, HeldoutSnapshot snapshot) {
        List<HeldoutExample> examples = snapshot.examples();
        Optional<CheckpointScores.Known> known = p.checkpointId() == null ? Optional.empty()
                : checkpoints.find(io.streamtune.contracts.Variant.lineage(model, p.variant()), p.checkpointId());
        float[][] rows = known.map(k -> k.rows(examples)).orElse(new float[examples.size()][]);
        List<String> labels = known.map(CheckpointScores.Known::labels).orElse(null);
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            synchronized (this) { // the loaded model is shared with the monitoring: one user at a time
                ScoringModel m = load(model, p.version());
                if (labels != null && !labels.equals(m.labels())) { // not the checkpoint it names: trust nothing
                    rows = new float[examples.size()][];
                    missing = IntStream.range(0, rows.length).boxed().toList();
                }
                labels = m.labels();
                List<HeldoutExample> run = missing.stream().map(examples::get).toList();
                float[][] computed = m.probabilities(new HeldoutSnapshot(model, snapshot.id(), snapshot.sequence(),
                        snapshot.createdAt(), run));
                examplesRun.addAndGet(run.size());
                for (int j = 0; j < computed.length; j++) {
                    rows[missing.get(j)] = computed[j];
                }
            }
        }
        if (p.checkpointId() != null) {
            checkpoints.put(io.streamtune.contracts.Variant.lineage(model, p.variant()), p.checkpointId(), labels,
                    examples, rows);
        }
        return new Probabilities(labels, rows, missing.size());
    }

    /**
     * Runs {@code work} on the champion version {@code version} of {@code model}, loaded if it is not (replacing the
     * model's previously loaded champion), while no evaluation uses it: the monitoring scores arriving examples with
     * the same loaded model, so the evaluator keeps one copy of it.
     */
    public synchronized <T> T withChampion(String model, int version, java.util.function.Function<ScoringModel, T> work) {
        return work.apply(load(model, version));
    }

    /** How many held-out examples were run through a champion (the rest came from {@link CheckpointScores}). */
    public long examplesRun() {
        return examplesRun.get();
    }

    /** How many times a champion's scores on a snapshot were computed (misses of the per-snapshot cache). */
    public long scorings() {
        return scorings.get();
    }

    private synchronized ScoringModel load(String model, int version) {
        return loaded.load(model, version);
    }

    @Override
    public void close() {
        loaded.close();
    }
}
