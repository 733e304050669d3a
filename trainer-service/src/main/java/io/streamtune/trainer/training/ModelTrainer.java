package io.streamtune.trainer.training;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.ReplaySummary;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.trainer.training.replay.DerBuffer;
import io.streamtune.trainer.training.replay.ReplayBuffer;
import io.streamtune.trainer.training.replay.ReplayBuffers;
import io.streamtune.trainer.training.replay.ReplayCodec;
import io.streamtune.trainer.training.replay.ReplayItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * One model's loop, run by the training thread: takes micro-batches from its queue, mixes in a replay sample,
 * steps the learner, and writes checkpoints that carry the positions it trained up to. Not thread-safe except
 * {@link #status()}.
 */
public final class ModelTrainer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelTrainer.class);
    private static final long RETRY_NANOS = 5_000_000_000L;

    private final ModelSpec spec;
    private final TrainingSettings settings;
    private final TrainerOptions options;
    private final LearnerFactory learners;
    private final ArtifactStore store;
    private final ExampleQueue queue;
    private final DeadLetterSink deadLetters;
    private final CheckpointAnnouncer announcer;
    private final TrainingListener listener;
    private final Path workDir;
    private final StepComposer composer;
    private volatile ExampleSource source = ExampleSource.NONE;

    private Learner learner;
    private ReplayBuffer buffer;
    private Positions positions = new Positions(Map.of());
    private LedgerBuilder ledger = new LedgerBuilder(Map.of());
    private CheckpointManifest lastCheckpoint;
    private Path lastCheckpointDir;
    private CheckpointCreated unannounced;
    private long lastCheckpointNanos = System.nanoTime();
    private long nextCheckpointAttemptNanos;
    private long stepsSinceCheckpoint;
    private int consecutiveNonFinite;
    private double intervalLoss;
    private int intervalSteps;
    private Instant maxEventTime;

    private volatile TrainerStatus.State state = TrainerStatus.State.LOADING;
    private volatile long step;
    private volatile long examplesSeen;
    private volatile long skippedBatches;
    private volatile long rollbacks;
    private volatile long deadLettered;
    private volatile double lastLoss = Double.NaN;
    private volatile ReplaySummary replaySummary;
    private volatile Map<Integer, Long> positionsView = Map.of();
    private volatile long stepNanos;
    private volatile long checkpointNanos;
    private volatile long checkpoints;
    private volatile String lastError;

    public ModelTrainer(ModelSpec spec, TrainerOptions options, LearnerFactory learners, ArtifactStore store,
            ExampleQueue queue, DeadLetterSink deadLetters, CheckpointAnnouncer announcer, TrainingListener listener) {
        this.spec = spec;
        this.settings = options.overrides().apply(spec.training());
        this.options = options;
        this.learners = learners;
        this.store = store;
        this.queue = queue;
        this.deadLetters = deadLetters;
        this.announcer = announcer;
        this.listener = listener;
        this.workDir = options.workDir().resolve(spec.name());
        this.composer = new StepComposer(settings, options);
        this.buffer = newBuffer();
        this.replaySummary = buffer.summary();
    }

    public String model() {
        return spec.name();
    }

    public TrainingSettings settings() {
        return settings;
    }

    /**
     * Loads the newest complete checkpoint (or the pretrained base for a new model) and returns the positions the
     * consumer must seek to: the manifest's, whatever the group committed.
     */
    public Map<Integer, Long> open() throws IOException {
        state = TrainerStatus.State.LOADING;
        Files.createDirectories(workDir);
        Optional<CheckpointManifest> latest = store == null ? Optional.empty() : store.latestCheckpoint(model());
        if (latest.isPresent()) {
            CheckpointManifest m = latest.get();
            Path dir = workDir.resolve(m.checkpointId());
            deleteTree(dir);
            store.downloadCheckpoint(model(), m.checkpointId(), dir);
            restoreFrom(dir);
            lastCheckpoint = m;
            lastCheckpointDir = dir;
            positions = new Positions(m.offsets());
            // at least once: a crash between the manifest and the announcement must not hide a checkpoint
            unannounced = created(m);
            LOG.infof("%s: resumed from checkpoint %s (step %d, %d examples) at offsets %s", model(),
                    m.checkpointId(), step, examplesSeen, m.offsets());
        } else {
            List<String> labels = spec.labels().values();
            learner = labels.isEmpty() ? null : learners.create(spec, settings, labels);
            LOG.infof("%s: no checkpoint yet, starting from the pretrained base %s", model(), spec.baseModel());
        }
        ledger = new LedgerBuilder(positions.snapshot());
        positionsView = positions.snapshot();
        lastCheckpointNanos = System.nanoTime();
        state = TrainerStatus.State.RUNNING;
        return positions.snapshot();
    }

    public ExampleQueue queue() {
        return queue;
    }

    /** The consumer behind the queue, once it runs. */
    public void attach(ExampleSource source) {
        this.source = source;
    }

    /** One turn of the training thread: a step if a batch is ready. */
    public boolean trainOnce(long nowNanos) {
        if (state != TrainerStatus.State.RUNNING) {
            return false;
        }
        if (unannounced != null) {
            announce();
        }
        Optional<List<Incoming>> batch = queue.takeIfReady(settings.batchSize(), settings.maxWaitMillis() * 1_000_000L,
                nowNanos);
        batch.ifPresent(this::train);
        return batch.isPresent();
    }

    /** A checkpoint if one is due: every N steps, or T seconds after the last when something moved. */
    public boolean checkpointIfDue() {
        if (state != TrainerStatus.State.RUNNING || !checkpointDue(System.nanoTime())) {
            return false;
        }
        tryCheckpoint();
        return true;
    }

    /** Trains on one micro-batch: poison records go to the dead-letter topic, examples into a step. */
    public void train(List<Incoming> batch) {
        List<Incoming> examples = new ArrayList<>(batch.size());
        for (Incoming in : batch) {
            if (in.isPoison()) {
                deadLetters.send(model(), in);
                ledger.deadLettered(in);
                deadLettered++;
                listener.onDeadLetter(model(), in.poisonReason());
            } else {
                examples.add(in);
            }
            positions.advance(in);
        }
        positionsView = positions.snapshot();
        if (!examples.isEmpty()) {
            step(examples);
        }
    }

    private void step(List<Incoming> examples) {
        ensureLearner(examples);
        long stepsDone = step;
        StepComposer.Step plan = composer.compose(examples, buffer, learner);
        List<TrainingRow> rows = plan.rows();
        long t0 = System.nanoTime();
        StepOutcome outcome;
        try {
            outcome = learner.step(rows);
        } catch (RuntimeException e) {
            // an engine error counts like a diverged step: skipped, and rolled back when it repeats
            LOG.errorf(e, "%s: training step failed", model());
            lastError = "step failed: " + e;
            outcome = new StepOutcome(false, false, Double.NaN, null, null);
        }
        long took = System.nanoTime() - t0;
        stepNanos += took;
        if (!outcome.applied() || outcome.poisoned()) {
            skippedBatches++;
            consecutiveNonFinite++;
            ledger.skipped(examples);
            listener.onSkipped(model(), examples.size());
            LOG.warnf("%s: batch of %d skipped, no finite loss (%d in a row)", model(), examples.size(),
                    consecutiveNonFinite);
            if (outcome.poisoned() || consecutiveNonFinite >= options.divergenceLimit()) {
                rollback();
            }
            return;
        }
        consecutiveNonFinite = 0;
        step++;
        stepsSinceCheckpoint++;
        examplesSeen += examples.size();
        lastLoss = outcome.loss();
        intervalLoss += outcome.loss();
        intervalSteps++;
        ledger.trained(examples);
        for (int i = 0; i < examples.size(); i++) {
            Incoming in = examples.get(i);
            byte[] features = outcome.features() == null ? null : outcome.features().get(i);
            float[] target = composer.target(outcome.logits() == null ? null : outcome.logits()[i], rows.get(i).label(),
                    learner, stepsDone);
            buffer.offer(new ReplayItem(in.example().id(), in.example().label(), in.example().source(),
                    features == null ? in.example().text() : null, features, target));
            Instant t = in.example().eventTime();
            if (maxEventTime == null || t.isAfter(maxEventTime)) {
                maxEventTime = t;
            }
        }
        replaySummary = buffer.summary();
        listener.onStep(model(), examples.size(), plan.replayed(), outcome.loss(), took);
    }

    private void ensureLearner(List<Incoming> examples) {
        if (learner != null) {
            return;
        }
        // an open label set with no label up front: the first batch names them
        LinkedHashSet<String> labels = new LinkedHashSet<>();
        examples.forEach(in -> labels.add(in.example().label()));
        try {
            learner = learners.create(spec, settings, List.copyOf(labels));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Back to the last checkpoint's weights, optimizer and buffer; what was trained since is discarded. */
    void rollback() {
        rollbacks++;
        listener.onRollback(model());
        LOG.warnf("%s: %d non-finite steps, rolling back to %s", model(), consecutiveNonFinite,
                lastCheckpointDir == null ? "the pretrained base" : lastCheckpoint.checkpointId());
        learner.close();
        learner = null;
        try {
            if (lastCheckpointDir != null) {
                restoreFrom(lastCheckpointDir);
            } else {
                buffer = newBuffer();
                step = 0;
                examplesSeen = 0;
                maxEventTime = null;
                List<String> labels = spec.labels().values();
                learner = labels.isEmpty() ? null : learners.create(spec, settings, labels);
            }
        } catch (IOException e) {
            state = TrainerStatus.State.FAILED;
            lastError = "rollback failed: " + e.getMessage();
            throw new UncheckedIOException(e);
        }
        ledger.discardTrained();
        replaySummary = buffer.summary();
        consecutiveNonFinite = 0;
        stepsSinceCheckpoint = 0;
        intervalLoss = 0;
        intervalSteps = 0;
    }

    private void restoreFrom(Path dir) throws IOException {
        CheckpointState s = EventJson.mapper().readValue(dir.resolve(CheckpointState.FILE_NAME).toFile(),
                CheckpointState.class);
        learner = learners.restore(spec, settings, dir.resolve(CheckpointState.MODEL_DIR));
        ReplayBuffer restored = newBuffer();
        restored.restore(ReplayCodec.read(dir.resolve(CheckpointState.REPLAY_FILE)));
        buffer = restored;
        replaySummary = buffer.summary();
        step = s.step();
        examplesSeen = s.examplesSeen();
        maxEventTime = s.maxEventTime();
        if (lastCheckpoint == null) {
            skippedBatches = s.skippedBatches();
            rollbacks = s.rollbacks();
            deadLettered = s.deadLettered();
        }
    }

    private ReplayBuffer newBuffer() {
        return ReplayBuffers.create(settings.replay(), settings.replayCapacity(), settings.maxSourceShare(),
                options.seed());
    }

    // ---- checkpoints -----------------------------------------------------------------------------------------

    private boolean dirty() {
        Map<Integer, Long> last = lastCheckpoint == null ? Map.of() : lastCheckpoint.offsets();
        return learner != null && !positions.snapshot().equals(last);
    }

    private boolean checkpointDue(long nowNanos) {
        if (nowNanos < nextCheckpointAttemptNanos || !dirty()) {
            return false;
        }
        return stepsSinceCheckpoint >= settings.checkpointEverySteps()
                || nowNanos - lastCheckpointNanos >= settings.checkpointEverySeconds() * 1_000_000_000L;
    }

    private void tryCheckpoint() {
        try {
            checkpoint();
        } catch (RuntimeException | IOException e) {
            lastError = "checkpoint failed: " + e.getMessage();
            nextCheckpointAttemptNanos = System.nanoTime() + RETRY_NANOS;
            listener.onCheckpointFailed(model(), e);
            LOG.errorf(e, "%s: checkpoint failed, retrying in %d s", model(), RETRY_NANOS / 1_000_000_000L);
        }
    }

    /**
     * Writes a checkpoint of everything trained so far, if anything moved since the last one: files, then the
     * manifest (by the store, last), then the announcement, then the group offsets.
     */
    public Optional<CheckpointManifest> checkpoint() throws IOException {
        if (!dirty()) {
            return Optional.empty();
        }
        long t0 = System.nanoTime();
        deadLetters.flush();
        Map<Integer, Long> offsets = positions.snapshot();
        String id = "ck-%010d-%s".formatted(step, HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        Path dir = workDir.resolve(id);
        Files.createDirectories(dir);
        learner.save(dir.resolve(CheckpointState.MODEL_DIR));
        ReplayCodec.write(buffer.state(), dir.resolve(CheckpointState.REPLAY_FILE));
        EventJson.mapper().writeValue(dir.resolve(CheckpointState.FILE_NAME).toFile(),
                new CheckpointState(CheckpointState.FORMAT, model(), step, examplesSeen, skippedBatches, rollbacks,
                        deadLettered, maxEventTime, learner.labels(), settings));
        EventJson.mapper().writeValue(dir.resolve(CheckpointState.LABELS_FILE).toFile(), learner.labels());
        EventJson.mapper().writeValue(dir.resolve(Ledger.FILE_NAME).toFile(), ledger.build(offsets));
        double loss = intervalSteps == 0 ? Double.NaN : intervalLoss / intervalSteps;
        CheckpointManifest draft = new CheckpointManifest(0, model(), id,
                lastCheckpoint == null ? null : lastCheckpoint.checkpointId(), Instant.now(), step, examplesSeen,
                ledger.fromOffsets(), offsets, maxEventTime, Double.isNaN(loss) ? 0 : loss, spec.baseModel(),
                settings.fineTuneMode(), learner.labels(), buffer.summary(), null);
        CheckpointManifest manifest = store.writeCheckpoint(draft, dir);
        Path previous = lastCheckpointDir;
        lastCheckpoint = manifest;
        lastCheckpointDir = dir;
        ledger = new LedgerBuilder(offsets);
        stepsSinceCheckpoint = 0;
        intervalLoss = 0;
        intervalSteps = 0;
        lastCheckpointNanos = System.nanoTime();
        nextCheckpointAttemptNanos = 0;
        if (previous != null && !previous.equals(dir)) {
            deleteTree(previous);
        }
        unannounced = created(manifest);
        // the group's offsets follow the announcement (when it fails, they follow its retry)
        announce();
        long took = System.nanoTime() - t0;
        checkpointNanos += took;
        checkpoints++;
        lastError = null;
        listener.onCheckpoint(model(), manifest, took);
        LOG.infof("%s: checkpoint %s (step %d, %d examples, offsets %s) in %d ms%s", model(), id, step, examplesSeen,
                offsets, took / 1_000_000, buffer instanceof DerBuffer der
                        ? "; DER++ targets right for %.3f of the buffer".formatted(der.targetAccuracy(learner.labels()))
                        : "");
        return Optional.of(manifest);
    }

    /** Publishes {@code CheckpointCreated}, then commits the group offsets of that checkpoint (lag only). */
    private void announce() {
        try {
            announcer.announce(unannounced);
            Map<Integer, Long> offsets = unannounced.offsets();
            unannounced = null;
            if (offsets != null && !offsets.isEmpty()) {
                source.commit(offsets);
            }
        } catch (RuntimeException e) {
            lastError = "announcing " + unannounced.checkpointId() + " failed: " + e.getMessage();
            LOG.warnf("%s: %s; will retry", model(), lastError);
        }
    }

    private CheckpointCreated created(CheckpointManifest m) {
        return new CheckpointCreated(null, 0, null, m.model(), m.checkpointId(), m.parentCheckpointId(),
                store.checkpointUri(m.model(), m.checkpointId()).toString(), m.step(), m.examplesSeen(), m.offsets(),
                m.maxEventTime(), m.trainingLoss(), m.replay());
    }

    // ---- status and end ---------------------------------------------------------------------------------------

    public TrainerStatus status() {
        CheckpointManifest last = lastCheckpoint;
        Map<Integer, Long> pos = positionsView;
        long lag = 0;
        for (Map.Entry<Integer, Long> e : source.endOffsets().entrySet()) {
            lag += Math.max(0, e.getValue() - pos.getOrDefault(e.getKey(), 0L));
        }
        Learner l = learner;
        return new TrainerStatus(model(), state, l == null ? null : l.describe(), step, examplesSeen,
                skippedBatches, rollbacks, deadLettered, lastLoss, last == null ? null : last.checkpointId(),
                last == null ? null : last.createdAt(), (System.nanoTime() - lastCheckpointNanos) / 1e9, pos, lag,
                replaySummary, stepNanos, checkpointNanos, checkpoints, lastError);
    }

    /** The learner, for tests and benchmarks that look at the weights. */
    public Learner learner() {
        return learner;
    }

    public ReplayBuffer buffer() {
        return buffer;
    }

    /** Graceful end: a final checkpoint of everything trained, then the learner is released. */
    public void shutdown() {
        if (state == TrainerStatus.State.RUNNING) {
            try {
                checkpoint();
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "%s: final checkpoint failed; a restart resumes from %s", model(),
                        lastCheckpoint == null ? "the beginning" : lastCheckpoint.checkpointId());
            }
        }
        close();
    }

    /** Ends without a checkpoint, as a crash would (what was trained since the last checkpoint is lost). */
    @Override
    public void close() {
        state = TrainerStatus.State.STOPPED;
        queue.clear();
        if (learner != null) {
            learner.close();
            learner = null;
        }
    }

    void fail(String error) {
        state = TrainerStatus.State.FAILED;
        lastError = error;
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
