package io.streamtune.training;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.contracts.CheckpointHead;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.FencedException;
import io.streamtune.storage.Versioned;
import io.streamtune.training.replay.DerBuffer;
import io.streamtune.training.replay.ReplayBuffer;
import io.streamtune.training.replay.ReplayCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * One model's checkpoints: when one is due (every N steps, or T seconds after the last when something moved), and
 * the order that makes them safe: files, then the manifest (written last by the store), then the
 * model's head moved to it (the compare-and-swap that makes it visible, and fails once another trainer claimed the
 * model), then the {@code CheckpointCreated} announcement, then the consumer group's offsets, then the removal of
 * the checkpoints nothing needs any more ({@link CheckpointRetention}). It keeps the ledger of what was trained since
 * the last checkpoint. Locally it keeps only the last checkpoint's folder (for a rollback). A trainer fenced off the
 * head stops: {@link #fenced()}. A failed write is tried again 5 s later, a failed announcement on the loop's next
 * turn.
 * Training thread only, except the figures {@link ModelTrainer#status()} reads.
 */
final class CheckpointCoordinator {

    private static final Logger LOG = Logger.getLogger(CheckpointCoordinator.class);
    private static final long RETRY_NANOS = 5_000_000_000L;

    private final ModelSpec spec;
    private final io.streamtune.contracts.Variant variant;
    /** Where this variant's checkpoints and head live: the model's name, or {@code <model>.<variant>}. */
    private final String lineage;
    private final TrainingSettings settings;
    private final ArtifactStore store;
    private final Path workDir;
    private final DeadLetterSink deadLetters;
    private final CheckpointAnnouncer announcer;
    private final TrainingListener listener;
    private final TrainingProgress progress;
    private final String owner;
    private final CheckpointRetention retention;

    private Versioned<CheckpointHead> held;
    private volatile FencedException fenced;
    /** The last head write was this loop's own and no announcement failed since: no need to read the head again. */
    private boolean headJustMoved;
    private LedgerBuilder ledger = new LedgerBuilder(Map.of());
    private Path lastDir;
    private CheckpointCreated unannounced;
    private String storedBase;
    private long nextAttemptNanos;
    private long stepsSince;
    private double intervalLoss;
    private int intervalSteps;
    private volatile CheckpointManifest last;
    private volatile long lastNanos = System.nanoTime();
    private long lastStepNanos;
    private volatile long writeNanos;
    private volatile long written;

    CheckpointCoordinator(ModelSpec spec, io.streamtune.contracts.Variant variant, TrainingSettings settings,
            ArtifactStore store, Path workDir, DeadLetterSink deadLetters, CheckpointAnnouncer announcer,
            TrainingListener listener, TrainingProgress progress, String owner, RetentionPolicy retention) {
        this.spec = spec;
        this.variant = variant;
        this.lineage = io.streamtune.contracts.Variant.lineage(spec.name(), variant.name());
        this.retention = new CheckpointRetention(store, lineage, retention);
        this.owner = owner;
        this.settings = settings;
        this.store = store;
        this.workDir = workDir;
        this.deadLetters = deadLetters;
        this.announcer = announcer;
        this.listener = listener;
        this.progress = progress;
    }

    /**
     * Claims the model's checkpoint head (one generation on: from now on a trainer that held it before can no longer
     * make a checkpoint visible), then downloads the checkpoint it names into the work folder, if there is one.
     */
    Optional<Path> downloadLatest() throws IOException {
        clearWorkDir();
        if (store == null) {
            return Optional.empty();
        }
        held = store.claimHead(lineage, owner);
        headJustMoved = true;
        LOG.infof("%s: claimed the checkpoint head as %s, generation %d (newest checkpoint %s)", lineage, owner,
                held.value().generation(), held.value().checkpointId());
        String id = held.value().checkpointId();
        if (id == null) {
            return Optional.empty();
        }
        CheckpointManifest m = store.readManifest(lineage, id).orElseThrow(() -> new IllegalStateException(
                "The checkpoint head of " + lineage + " names " + id + ", which has no manifest."));
        Path dir = workDir.resolve(m.checkpointId());
        deleteTree(dir);
        store.downloadCheckpoint(lineage, m.checkpointId(), dir);
        last = m;
        lastDir = dir;
        // at least once: a crash between the manifest and the announcement must not hide a checkpoint
        unannounced = created(m);
        return Optional.of(dir);
    }

    /** The loop starts at {@code offsets}: the ledger and the clock of the periodic checkpoint start there. */
    void opened(Map<Integer, Long> offsets) {
        ledger = new LedgerBuilder(offsets);
        lastNanos = System.nanoTime();
    }

    /** The last checkpoint written or restored, if any. */
    Optional<CheckpointManifest> last() {
        return Optional.ofNullable(last);
    }

    /** Its local copy, for a rollback; empty before the first checkpoint. */
    Optional<Path> lastDir() {
        return Optional.ofNullable(lastDir);
    }

    /** What was trained, skipped and dead-lettered since the last checkpoint. */
    LedgerBuilder ledger() {
        return ledger;
    }

    void stepped(double loss, long nowNanos) {
        lastStepNanos = nowNanos;
        stepsSince++;
        intervalLoss += loss;
        intervalSteps++;
    }

    /** Back to the last checkpoint: what was trained since is discarded, so the interval starts again. */
    void rolledBack() {
        ledger.discardTrained();
        stepsSince = 0;
        intervalLoss = 0;
        intervalSteps = 0;
    }

    /** True when something moved since the last checkpoint. */
    boolean dirty(Learner learner, Map<Integer, Long> offsets) {
        Map<Integer, Long> lastOffsets = last == null ? Map.of() : last.offsets();
        return learner != null && !offsets.equals(lastOffsets);
    }

    /**
     * A checkpoint is due, when something moved, after {@code checkpointEverySteps} steps, or
     * {@code checkpointEverySeconds} after the last one, or as soon as the stream falls quiet: nothing queued and no
     * step for {@code checkpointQuietSeconds} while steps are not in a checkpoint yet (the last examples of a burst
     * reach the evaluator within seconds, not at the next periodic checkpoint).
     */
    boolean due(long nowNanos, boolean dirty, boolean queueEmpty) {
        if (nowNanos < nextAttemptNanos || !dirty) {
            return false;
        }
        return stepsSince >= settings.checkpointEverySteps()
                || nowNanos - lastNanos >= settings.checkpointEverySeconds() * 1_000_000_000L
                || queueEmpty && stepsSince > 0
                        && nowNanos - lastStepNanos >= settings.checkpointQuietSeconds() * 1_000_000_000L;
    }

    /** {@link #write}, with a failure logged, counted and tried again in 5 s. */
    void tryWrite(Learner learner, ReplayBuffer buffer, TrainedIds trainedIds, Map<Integer, Long> offsets,
            ExampleSource source) {
        try {
            write(learner, buffer, trainedIds, offsets, source);
        } catch (FencedException e) {
            // not a failure to retry: the model is another trainer's now
        } catch (RuntimeException | IOException e) {
            progress.error("checkpoint failed: " + e.getMessage());
            nextAttemptNanos = System.nanoTime() + RETRY_NANOS;
            listener.onCheckpointFailed(lineage, e);
            LOG.errorf(e, "%s: checkpoint failed, retrying in %d s", lineage, RETRY_NANOS / 1_000_000_000L);
        }
    }

    /**
     * Writes a checkpoint of everything trained up to {@code offsets}, announces it and commits its offsets.
     *
     * @return the manifest the store wrote
     */
    CheckpointManifest write(Learner learner, ReplayBuffer buffer, TrainedIds trainedIds, Map<Integer, Long> offsets,
            ExampleSource source) throws IOException {
        long t0 = System.nanoTime();
        deadLetters.flush();
        String model = spec.name();
        long step = progress.step();
        String id = "ck-%010d-%s".formatted(step, HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        Path dir = workDir.resolve(id);
        CheckpointManifest manifest;
        try {
            Files.createDirectories(dir);
            learner.save(dir.resolve(CheckpointState.MODEL_DIR));
            ReplayCodec.write(buffer.state(), dir.resolve(CheckpointState.REPLAY_FILE), learner.storedFeatures());
            trainedIds.write(dir.resolve(CheckpointState.TRAINED_IDS_FILE));
            EventJson.mapper().writeValue(dir.resolve(CheckpointState.FILE_NAME).toFile(),
                    new CheckpointState(CheckpointState.FORMAT, model, step, progress.examplesSeen(),
                            progress.skippedBatches(), progress.rollbacks(), progress.deadLettered(),
                            progress.maxEventTime(), learner.labels(), settings, progress.duplicates()));
            EventJson.mapper().writeValue(dir.resolve(CheckpointState.LABELS_FILE).toFile(), learner.labels());
            EventJson.mapper().writeValue(dir.resolve(Ledger.FILE_NAME).toFile(), ledger.build(offsets));
            double loss = intervalSteps == 0 ? Double.NaN : intervalLoss / intervalSteps;
            CheckpointManifest draft = new CheckpointManifest(0, model, id,
                    last == null ? null : last.checkpointId(), Instant.now(), step, progress.examplesSeen(),
                    ledger.fromOffsets(), offsets, progress.maxEventTime(), Double.isNaN(loss) ? 0 : loss,
                    spec.baseModel(), settings.fineTuneMode(), learner.labels(), buffer.summary(), null,
                    variant.name(), variant.family(), progress.cost());
            Optional<BaseFile> base = learner.base();
            if (base.isPresent() && !base.get().sha256().equals(storedBase)) {
                // a delta checkpoint must never be visible before the weights it refers to
                store.putBase(base.get().sha256(), base.get().file());
                storedBase = base.get().sha256();
            }
            manifest = store.writeCheckpoint(draft, dir);
            makeVisible(id, dir);
        } catch (RuntimeException | IOException e) {
            // a failed attempt leaves nothing behind: not its local folder (a retry every 5 s during an S3 outage
            // would fill the disk), and not what it uploaded (never visible, as no head names it)
            deleteTree(dir);
            if (!(e instanceof FencedException)) {
                removeInvisible(id);
            }
            throw e;
        }
        Path previous = lastDir;
        retention.written(manifest);
        last = manifest;
        lastDir = dir;
        ledger = new LedgerBuilder(offsets);
        stepsSince = 0;
        intervalLoss = 0;
        intervalSteps = 0;
        lastNanos = System.nanoTime();
        nextAttemptNanos = 0;
        if (previous != null && !previous.equals(dir)) {
            deleteTree(previous);
        }
        unannounced = created(manifest);
        // the group's offsets follow the announcement (when it fails, they follow its retry)
        announcePending(source);
        long took = System.nanoTime() - t0;
        writeNanos += took;
        written++;
        progress.error(null);
        listener.onCheckpoint(lineage, manifest, took);
        LOG.infof("%s: checkpoint %s (step %d, %d examples, offsets %s) in %d ms%s", lineage, id, step,
                progress.examplesSeen(), offsets, took / 1_000_000, buffer instanceof DerBuffer der
                        ? "; DER++ targets right for %.3f of the buffer".formatted(der.targetAccuracy(learner.labels()))
                        : "");
        prune(id);
        return manifest;
    }

    /** Retention, best effort: its failure never fails the checkpoint, and the next head move tries again. */
    private void prune(String headId) {
        try {
            List<String> removed = retention.afterHeadMoved(headId, Instant.now());
            if (!removed.isEmpty()) {
                listener.onCheckpointsDeleted(lineage, removed.size());
            }
        } catch (RuntimeException e) {
            LOG.warnf("%s: checkpoint retention failed (%s); tried again after the next checkpoint", lineage,
                    e.getMessage());
        }
    }

    /** What a crashed process left in the model's work folder (checkpoints being written or restored). */
    private void clearWorkDir() throws IOException {
        if (!Files.isDirectory(workDir)) {
            return;
        }
        try (var children = Files.list(workDir)) {
            children.filter(Files::isDirectory).forEach(CheckpointCoordinator::deleteTree);
        }
    }

    /** Moves the head to the checkpoint just written; when fenced, removes it again and stops for good. */
    private void makeVisible(String id, Path dir) {
        try {
            if (held == null) {
                held = store.claimHead(lineage, owner); // a loop written to without open(): tests, tools
            }
            held = store.advanceHead(held, id);
            headJustMoved = true;
        } catch (FencedException e) {
            fence(e);
            removeInvisible(id);
            throw e;
        }
    }

    /** Best effort: the uploads of a checkpoint no head names (a failed or fenced attempt). */
    private void removeInvisible(String id) {
        try {
            store.deleteInvisibleCheckpoint(lineage, id);
        } catch (RuntimeException cleanup) {
            LOG.warnf("%s: could not remove the invisible checkpoint %s (%s); it is never restored", lineage, id,
                    cleanup.getMessage());
        }
    }

    private void fence(FencedException e) {
        if (fenced == null) {
            fenced = e;
            unannounced = null;
            LOG.warnf("%s: fenced: %s This trainer stops training the model.", lineage, e.getMessage());
            listener.onFenced(lineage, e);
        }
    }

    /** Set once another trainer took the model over: nothing this loop writes becomes visible or is announced. */
    Optional<FencedException> fenced() {
        return Optional.ofNullable(fenced);
    }

    /** The head this loop holds: generation and owner (empty before it claimed one). */
    Optional<CheckpointHead> head() {
        Versioned<CheckpointHead> h = held;
        return h == null ? Optional.empty() : Optional.of(h.value());
    }

    /**
     * Publishes the {@code CheckpointCreated} not announced yet, if any, then commits the group offsets (lag only).
     * Only while this loop still holds the model's head: an announcement retried after a failure reads the head first,
     * and a loop another trainer fenced announces nothing. (Right after its own claim or head move the loop knows the
     * head is its own and does not read it again.)
     */
    void announcePending(ExampleSource source) {
        if (unannounced == null || fenced != null) {
            return;
        }
        CheckpointCreated pending = unannounced;
        try {
            // right after this loop's own claim or move the head is known to be its; an announcement retried later
            // reads it first
            if (store != null && held != null && !headJustMoved) {
                CheckpointHead now = store.readHead(lineage).map(Versioned::value).orElse(null);
                if (now == null || now.generation() != held.value().generation()) {
                    fence(new FencedException("Checkpoint head of " + lineage + " is at generation "
                            + (now == null ? "none" : now.generation() + " (owner " + now.owner() + ")") + ", not "
                            + held.value().generation() + ": " + pending.checkpointId() + " is not announced.",
                            held.value().generation(), now == null ? 0 : now.generation(),
                            now == null ? null : now.owner()));
                    return;
                }
            }
            announcer.announce(pending);
            unannounced = null;
            Map<Integer, Long> offsets = pending.offsets();
            if (offsets != null && !offsets.isEmpty()) {
                source.commit(offsets);
            }
        } catch (RuntimeException e) {
            headJustMoved = false;
            progress.error("announcing " + pending.checkpointId() + " failed: " + e.getMessage());
            LOG.warnf("%s: %s; will retry", lineage, progress.lastError());
        }
    }

    /** Seconds since the last checkpoint (or since the loop opened). */
    double secondsSinceLast() {
        return (System.nanoTime() - lastNanos) / 1e9;
    }

    long writeNanos() {
        return writeNanos;
    }

    long written() {
        return written;
    }

    private CheckpointCreated created(CheckpointManifest m) {
        return new CheckpointCreated(null, 0, null, m.model(), m.checkpointId(), m.parentCheckpointId(),
                store.checkpointUri(lineage, m.checkpointId()).toString(), m.step(), m.examplesSeen(), m.offsets(),
                m.maxEventTime(), m.trainingLoss(), m.replay(), m.variant(), m.family(), m.cost());
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
