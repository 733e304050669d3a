package io.streamtune.evaluator.evaluation;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.CheckpointEvaluated.Status;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import io.streamtune.evaluator.heldout.HeldoutStores;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.CorruptArtifactException;
import io.streamtune.storage.NotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Evaluates one announced checkpoint: freezes the model's held-out set, scores the checkpoint and the current
 * champion on that same snapshot, adds forgetting, and records the outcome so that a re-delivered announcement gets
 * the same answer without scoring again.
 *
 * <p>Outcomes: {@code EVALUATED}; {@code INSUFFICIENT_DATA} when the snapshot holds fewer examples than the spec's
 * minimum (not recorded: a later delivery may have enough); {@code FAILED} when the checkpoint is missing, corrupt or
 * unusable (recorded: its files will not heal). A champion whose files are missing, corrupt or unusable does not
 * block the model's evaluations: the checkpoint is {@code EVALUATED} without a comparison and the reason says why (the
 * registry's change gate then refuses to promote over a champion it cannot compare with). S3 being unreachable is
 * thrown ({@link io.streamtune.storage.StorageException}) so the caller can retry.
 */
public final class CheckpointEvaluator {

    private static final Logger LOG = Logger.getLogger(CheckpointEvaluator.class);

    private final ArtifactStore artifacts;
    private final HeldoutStores heldout;
    private final Scorer scorer;
    private final ChampionScores champions;
    private final EvaluationArchive archive;
    private final ModelSpecs specs;
    private final Path workDir;
    private final int minSliceExamples;
    private final EvaluationListener listener;

    public CheckpointEvaluator(ArtifactStore artifacts, HeldoutStores heldout, Scorer scorer, ChampionScores champions,
            EvaluationArchive archive, ModelSpecs specs, Path workDir, int minSliceExamples,
            EvaluationListener listener) {
        this.artifacts = artifacts;
        this.heldout = heldout;
        this.scorer = scorer;
        this.champions = champions;
        this.archive = archive;
        this.specs = specs;
        this.workDir = workDir;
        this.minSliceExamples = minSliceExamples;
        this.listener = listener;
    }

    /** The recorded outcome for this checkpoint if there is one, else a fresh evaluation. */
    public CheckpointEvaluated evaluate(CheckpointCreated c) {
        Optional<CheckpointEvaluated> earlier = archive.find(lineage(c), c.checkpointId());
        if (earlier.isPresent()) {
            LOG.infof("Checkpoint %s of %s was already evaluated on snapshot %s: republishing that result",
                    c.checkpointId(), c.model(), earlier.get().heldoutSnapshotId());
            return earlier.get();
        }
        HeldoutSnapshot snapshot = heldout.freezeAndSave(c.model()).snapshot();
        int min = specs.minHeldout(c.model());
        if (snapshot.size() < min) {
            CheckpointEvaluated r = outcome(c, snapshot.id(), Status.INSUFFICIENT_DATA, String.format(
                    "insufficient held-out data: snapshot %s holds %d examples %s, the spec asks for at least %d",
                    snapshot.id(), snapshot.size(), snapshot.perClass(), min), null, null, 0);
            listener.onEvaluated(r, Duration.ZERO);
            return r;
        }
        listener.onSnapshotFrozen(c, snapshot);
        try {
            return score(c, snapshot);
        } catch (RuntimeException e) {
            listener.onAborted(c, e);
            throw e;
        }
    }

    private CheckpointEvaluated score(CheckpointCreated c, HeldoutSnapshot snapshot) {
        long start = System.nanoTime();
        EvaluationMetrics candidate;
        try {
            candidate = scoreCandidate(c, snapshot);
        } catch (NotFoundException | CorruptArtifactException | UnusableCheckpointException e) {
            CheckpointEvaluated r = outcome(c, snapshot.id(), Status.FAILED, "checkpoint " + c.checkpointId()
                    + " cannot be evaluated: " + e.getMessage(), null, null, 0);
            archive.save(r);
            listener.onEvaluated(r, Duration.ofNanos(System.nanoTime() - start));
            return r;
        }
        Optional<ChampionScores.Scored> champion;
        String reason = null;
        try {
            champion = champions.score(c.model(), snapshot);
        } catch (NotFoundException | CorruptArtifactException | UnusableCheckpointException e) {
            champion = Optional.empty();
            reason = "the champion" + artifacts.readChampion(c.model()).map(v -> " v" + v.value().version() + " ("
                    + v.value().checkpointId() + ")").orElse("") + " cannot be scored (" + e.getMessage()
                    + "): evaluated without a comparison; promotion waits for a champion that can be scored "
                    + "(restore its files, or roll back to another version)";
            LOG.warnf("%s/%s: %s", c.model(), c.checkpointId(), reason);
        }
        CheckpointEvaluated r = withForgetting(c, snapshot, candidate, champion, reason);
        archive.save(r);
        listener.onEvaluated(r, Duration.ofNanos(System.nanoTime() - start));
        return r;
    }

    /** A FAILED outcome for a checkpoint that could not be evaluated for a reason outside it (not recorded). */
    public static CheckpointEvaluated failed(CheckpointCreated c, String reason) {
        return outcome(c, null, Status.FAILED, reason, null, null, 0);
    }

    private EvaluationMetrics scoreCandidate(CheckpointCreated c, HeldoutSnapshot snapshot) {
        Path dir = workDir.resolve("candidates").resolve(lineage(c)).resolve(c.checkpointId());
        Folders.deleteQuietly(dir);
        try {
            long t0 = System.nanoTime();
            artifacts.downloadCheckpoint(lineage(c), c.checkpointId(), dir);
            long t1 = System.nanoTime();
            try (ScoringModel m = scorer.load(c.model(), dir)) {
                long t2 = System.nanoTime();
                float[][] probabilities = m.probabilities(snapshot);
                long t3 = System.nanoTime();
                LOG.infof("Checkpoint %s/%s: downloaded in %s ms, loaded in %s ms, scored %s examples in %s ms",
                        lineage(c), c.checkpointId(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, snapshot.size(),
                        (t3 - t2) / 1_000_000);
                champions.recordCandidate(lineage(c), c.checkpointId(), m.labels(), snapshot, probabilities);
                return Metrics.compute(m.labels(), probabilities, snapshot.labels(), snapshot.slices());
            }
        } finally {
            Folders.deleteQuietly(dir);
        }
    }

    private CheckpointEvaluated withForgetting(CheckpointCreated c, HeldoutSnapshot snapshot,
            EvaluationMetrics candidate, Optional<ChampionScores.Scored> champion, String reason) {
        Map<String, Integer> perSlice = snapshot.perSlice();
        // forgetting is a lineage's own: a variant's checkpoints are compared with that variant's earlier ones
        ForgettingLedger ledger = archive.ledger(lineage(c));
        EvaluationMetrics championMetrics = null;
        if (champion.isPresent()) {
            ChampionScores.Scored ch = champion.get();
            if (ch.lineage(c.model()).equals(lineage(c))) {
                // the champion is an earlier evaluated checkpoint: its accuracy on this snapshot counts as a best
                ledger = ledger.record(ch.checkpointId(), measurable(ch.metrics(), perSlice), perSlice);
                championMetrics = Metrics.withForgetting(ch.metrics(),
                        ledger.forgetting(ch.checkpointId(), measurable(ch.metrics(), perSlice)));
            } else {
                championMetrics = ch.metrics();
            }
        }
        EvaluationMetrics candidateMetrics = Metrics.withForgetting(candidate,
                ledger.forgetting(c.checkpointId(), measurable(candidate, perSlice)));
        ledger = ledger.record(c.checkpointId(), measurable(candidate, perSlice), perSlice);
        archive.saveLedger(lineage(c), ledger);
        return new CheckpointEvaluated(null, 0, null, c.model(), c.checkpointId(), c.parentCheckpointId(),
                snapshot.id(), Status.EVALUATED, reason, candidateMetrics, championMetrics,
                champion.map(ChampionScores.Scored::checkpointId).orElse(null),
                champion.map(ChampionScores.Scored::version).orElse(null), snapshot.size(), null, c.variant(),
                c.family(), c.cost());
    }

    /** Slice accuracies measured on enough examples to compare across checkpoints. */
    private Map<String, Double> measurable(EvaluationMetrics m, Map<String, Integer> perSlice) {
        Map<String, Double> out = new TreeMap<>();
        m.sliceAccuracy().forEach((slice, acc) -> {
            if (perSlice.getOrDefault(slice, 0) >= minSliceExamples) {
                out.put(slice, acc);
            }
        });
        return out;
    }

    private static CheckpointEvaluated outcome(CheckpointCreated c, String snapshotId, Status status, String reason,
            EvaluationMetrics candidate, EvaluationMetrics champion, int count) {
        return new CheckpointEvaluated(null, 0, null, c.model(), c.checkpointId(), c.parentCheckpointId(), snapshotId,
                status, reason, candidate, champion, null, null, count, null, c.variant(), c.family(), c.cost());
    }

    /** The checkpoint's lineage: the model's name for its primary variant, {@code <model>.<variant>} otherwise. */
    private static String lineage(CheckpointCreated c) {
        return io.streamtune.contracts.Variant.lineage(c.model(), c.variant());
    }
}
