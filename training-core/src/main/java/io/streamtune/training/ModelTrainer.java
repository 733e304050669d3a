package io.streamtune.training;

import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.training.replay.ReplayBuffer;
import io.streamtune.training.replay.ReplayBuffers;
import io.streamtune.training.replay.ReplayCodec;
import io.streamtune.training.replay.ReplayItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One model's training loop, run by the training thread: takes micro-batches from its queue, has the
 * {@link StepComposer} mix in a replay sample, steps the learner and feeds the buffer. Its other jobs are its
 * collaborators': checkpoints ({@link CheckpointCoordinator}), steps without a finite loss ({@link DivergenceGuard}),
 * and the figures of {@link #status()} ({@link TrainingProgress}). Not thread-safe except {@link #status()}.
 */
public final class ModelTrainer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelTrainer.class);

    private final ModelSpec spec;
    private final io.streamtune.contracts.Variant variant;
    private final String lineage;
    private final TrainingSettings settings;
    private final TrainerOptions options;
    private final LearnerFactory learners;
    private final ExampleQueue queue;
    private final DeadLetterSink deadLetters;
    private final TrainingListener listener;
    private final Path workDir;
    private final StepComposer composer;
    private final TrainingProgress progress = new TrainingProgress();
    private final DivergenceGuard divergence;
    private final CheckpointCoordinator checkpoints;
    private volatile ExampleSource source = ExampleSource.NONE;
    private volatile SourceGate gate = SourceGate.NONE;
    /** The blocked sources last taken out of the buffer. */
    private Set<String> gated = Set.of();

    private volatile Learner learner;
    private ReplayBuffer buffer;
    private TrainedIds trainedIds;
    private Positions positions = new Positions(Map.of());

    /** A loop whose checkpoint head is claimed under a name of this process' own (tests, tools). */
    public ModelTrainer(ModelSpec spec, TrainerOptions options, LearnerFactory learners, ArtifactStore store,
            ExampleQueue queue, DeadLetterSink deadLetters, CheckpointAnnouncer announcer, TrainingListener listener) {
        this(spec, options, learners, store, queue, deadLetters, announcer, listener, defaultOwner());
    }

    /**
     * @param owner this trainer's name in the model's checkpoint head (the pool replica's instance id); a name that
     *     matches {@code Rules.ID}
     */
    public ModelTrainer(ModelSpec spec, TrainerOptions options, LearnerFactory learners, ArtifactStore store,
            ExampleQueue queue, DeadLetterSink deadLetters, CheckpointAnnouncer announcer, TrainingListener listener,
            String owner) {
        this(spec, io.streamtune.contracts.Variant.primary(), options, learners, store, queue, deadLetters, announcer,
                listener, owner);
    }

    /**
     * One variant's loop: the model's settings with the variant's overrides, checkpoints in the variant's lineage
     * ({@link io.streamtune.contracts.Variant#lineage}). Only the primary variant sends poison records to the
     * dead-letter topic and quarantined examples to the quarantine topic (once per record, however many variants
     * train the stream); every variant records them in its own ledger.
     *
     * @param learners the variant's family's learners
     */
    public ModelTrainer(ModelSpec spec, io.streamtune.contracts.Variant variant, TrainerOptions options,
            LearnerFactory learners, ArtifactStore store, ExampleQueue queue, DeadLetterSink deadLetters,
            CheckpointAnnouncer announcer, TrainingListener listener, String owner) {
        this.spec = spec;
        this.variant = variant;
        this.lineage = io.streamtune.contracts.Variant.lineage(spec.name(), variant.name());
        this.settings = options.overrides().apply(variant.settings(spec.training()));
        this.options = options;
        this.learners = learners;
        this.queue = queue;
        this.deadLetters = deadLetters;
        this.listener = listener;
        this.workDir = options.workDir().resolve(lineage);
        this.composer = new StepComposer(settings, options);
        this.divergence = new DivergenceGuard(options.divergenceLimit());
        this.checkpoints = new CheckpointCoordinator(spec, variant, settings, store, workDir, deadLetters, announcer,
                listener, progress, owner, options.retention());
        this.buffer = newBuffer();
        this.trainedIds = new TrainedIds(settings.dedupWindow());
        progress.replay(buffer.summary());
    }

    /**
     * The lineage this loop trains, which names it in logs, metrics and status: the model's name for its primary
     * variant, {@code <model>.<variant>} for a challenger.
     */
    public String model() {
        return lineage;
    }

    /** What training this lineage has cost so far (its checkpoints' included): CPU seconds over examples trained. */
    public io.streamtune.contracts.TrainingCost cost() {
        return progress.cost();
    }

    public io.streamtune.contracts.Variant variant() {
        return variant;
    }

    /** Whether this loop trains the model's own settings (and forwards dead letters and quarantined examples). */
    public boolean primary() {
        return variant.isPrimary();
    }

    /** {@code <host>-<pid>}: distinct per process, readable in a head. */
    public static String defaultOwner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "trainer";
        }
        String name = (host + "-" + ProcessHandle.current().pid()).replaceAll("[^A-Za-z0-9._:-]", "-");
        return name.length() > 128 ? name.substring(name.length() - 128) : name;
    }

    public TrainingSettings settings() {
        return settings;
    }

    /**
     * Loads the newest complete checkpoint (or the pretrained base for a new model) and returns the positions the
     * consumer must seek to: the manifest's, whatever the group committed.
     */
    public Map<Integer, Long> open() throws IOException {
        progress.state(TrainerStatus.State.LOADING);
        Files.createDirectories(workDir);
        Optional<Path> restored = checkpoints.downloadLatest();
        if (restored.isPresent()) {
            restoreFrom(restored.get(), true);
            CheckpointManifest m = checkpoints.last().orElseThrow();
            positions = new Positions(m.offsets());
            progress.cost(m.cost());
            LOG.infof("%s: resumed from checkpoint %s (step %d, %d examples) at offsets %s", model(),
                    m.checkpointId(), progress.step(), progress.examplesSeen(), m.offsets());
        } else {
            learner = fromBase();
            LOG.infof("%s: no checkpoint yet, starting from the pretrained base %s", model(), spec.baseModel());
        }
        checkpoints.opened(positions.snapshot());
        progress.positions(positions.snapshot());
        progress.state(TrainerStatus.State.RUNNING);
        return positions.snapshot();
    }

    public ExampleQueue queue() {
        return queue;
    }

    /** The consumer behind the queue, once it runs. */
    public void attach(ExampleSource source) {
        this.source = source;
    }

    /** Where the loop learns which sources are quarantined (default: none is). */
    public void gate(SourceGate value) {
        this.gate = value;
    }

    /**
     * Takes the sources quarantined since the last call out of the replay buffer (all blocked sources after the
     * buffer was restored). Returns the blocked sources now.
     */
    private Set<String> applyQuarantines() {
        Set<String> blocked = gate.blocked(spec.name());
        if (!blocked.equals(gated)) {
            int before = buffer.size();
            for (String s : blocked) {
                int removed = buffer.removeSource(s);
                if (removed > 0) {
                    LOG.warnf("%s: source %s is quarantined: %d of its examples left the replay buffer", model(), s,
                            removed);
                    listener.onSourceRemoved(model(), s, removed);
                }
            }
            gated = blocked;
            if (buffer.size() != before) {
                progress.replay(buffer.summary());
            }
        }
        return blocked;
    }

    /** One turn of the training thread: a step if a batch is ready. */
    public boolean trainOnce(long nowNanos) {
        if (progress.state() != TrainerStatus.State.RUNNING) {
            return false;
        }
        checkpoints.announcePending(source);
        if (stopIfFenced()) {
            return false;
        }
        applyQuarantines();
        Optional<List<Incoming>> batch = queue.takeIfReady(settings.batchSize(), settings.maxWaitMillis() * 1_000_000L,
                nowNanos);
        batch.ifPresent(this::train);
        return batch.isPresent();
    }

    /**
     * A checkpoint if one is due: every N steps, T seconds after the last, or a few seconds after the stream fell
     * quiet, when something moved.
     */
    public boolean checkpointIfDue() {
        if (progress.state() != TrainerStatus.State.RUNNING || !checkpoints.due(System.nanoTime(),
                checkpoints.dirty(learner, positions.snapshot()), queue.size() == 0)) {
            return false;
        }
        checkpoints.tryWrite(learner, buffer, trainedIds, positions.snapshot(), source);
        stopIfFenced();
        return true;
    }

    /** Another trainer took the model over: stop training it (what was trained since the last checkpoint is its). */
    private boolean stopIfFenced() {
        Optional<io.streamtune.storage.FencedException> f = checkpoints.fenced();
        if (f.isEmpty()) {
            return false;
        }
        if (progress.state() != TrainerStatus.State.FENCED) {
            progress.error(f.get().getMessage());
            progress.state(TrainerStatus.State.FENCED);
            queue.clear();
        }
        return true;
    }

    /** True once another trainer took the model over. */
    public boolean fenced() {
        return checkpoints.fenced().isPresent();
    }

    /**
     * Trains on one micro-batch: poison records go to the dead-letter topic, records of an example id already trained
     * (within the window, or earlier in this batch) to the ledger's duplicates, examples of a quarantined source to
     * the quarantine topic and the ledger's quarantined, the other examples into a step.
     */
    public void train(List<Incoming> batch) {
        Set<String> blocked = applyQuarantines();
        List<Incoming> examples = new ArrayList<>(batch.size());
        List<Incoming> duplicates = new ArrayList<>();
        List<Incoming> quarantined = new ArrayList<>();
        Set<String> inBatch = new HashSet<>();
        for (Incoming in : batch) {
            if (in.isPoison()) {
                if (primary()) {
                    deadLetters.send(spec.name(), in);
                }
                checkpoints.ledger().deadLettered(in);
                progress.deadLetter();
                listener.onDeadLetter(model(), in.poisonReason());
            } else if (blocked.contains(in.example().source())) {
                if (primary()) {
                    deadLetters.quarantine(spec.name(), in);
                }
                quarantined.add(in);
            } else if (trainedIds.contains(in.example().id()) || !inBatch.add(in.example().id())) {
                duplicates.add(in);
            } else {
                examples.add(in);
            }
            positions.advance(in);
        }
        progress.positions(positions.snapshot());
        if (!duplicates.isEmpty()) {
            checkpoints.ledger().duplicates(duplicates);
            progress.duplicates(duplicates.size());
            listener.onDuplicates(model(), duplicates.size());
        }
        if (!quarantined.isEmpty()) {
            checkpoints.ledger().quarantined(quarantined);
            listener.onQuarantined(model(), quarantined.size());
        }
        if (!examples.isEmpty()) {
            step(examples);
        }
    }

    private void step(List<Incoming> examples) {
        ensureLearner(examples);
        long stepsDone = progress.step();
        StepComposer.Step plan = composer.compose(examples, buffer, learner);
        List<TrainingRow> rows = plan.rows();
        long t0 = System.nanoTime();
        long cpu0 = ProcessCpu.nanos();
        StepOutcome outcome;
        try {
            outcome = learner.step(rows);
        } catch (RuntimeException e) {
            // an engine error counts like a diverged step: skipped, and rolled back when it repeats
            LOG.errorf(e, "%s: training step failed", model());
            progress.error("step failed: " + e);
            outcome = new StepOutcome(false, false, Double.NaN, null, null);
        }
        long took = System.nanoTime() - t0;
        progress.timed(took);
        progress.spent(ProcessCpu.nanos() - cpu0, outcome.applied() && !outcome.poisoned() ? examples.size() : 0);
        if (!outcome.applied() || outcome.poisoned()) {
            progress.skipped();
            boolean rollBack = divergence.skipped(outcome.poisoned());
            checkpoints.ledger().skipped(examples);
            listener.onSkipped(model(), examples.size());
            LOG.warnf("%s: batch of %d skipped, no finite loss (%d in a row)", model(), examples.size(),
                    divergence.consecutive());
            if (rollBack) {
                rollback();
            }
            return;
        }
        divergence.applied();
        progress.trained(examples.size(), outcome.loss());
        checkpoints.stepped(outcome.loss(), System.nanoTime());
        checkpoints.ledger().trained(examples);
        for (int i = 0; i < examples.size(); i++) {
            Incoming in = examples.get(i);
            trainedIds.add(in.example().id());
            byte[] features = outcome.features() == null ? null : outcome.features().get(i);
            float[] target = composer.target(outcome.logits() == null ? null : outcome.logits()[i], rows.get(i).label(),
                    learner, stepsDone);
            buffer.offer(new ReplayItem(in.example().id(), in.example().label(), in.example().source(),
                    features == null ? in.example().text() : null, features, target));
            progress.sawEventTime(in.example().eventTime());
        }
        progress.replay(buffer.summary());
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
        progress.rolledBack();
        listener.onRollback(model());
        Optional<Path> dir = checkpoints.lastDir();
        LOG.warnf("%s: %d non-finite steps, rolling back to %s", model(), divergence.consecutive(),
                dir.isEmpty() ? "the pretrained base" : checkpoints.last().orElseThrow().checkpointId());
        learner.close();
        learner = null;
        try {
            if (dir.isPresent()) {
                restoreFrom(dir.get(), false);
            } else {
                gated = Set.of();
                buffer = newBuffer();
                trainedIds = new TrainedIds(settings.dedupWindow());
                progress.restart();
                learner = fromBase();
            }
        } catch (IOException e) {
            fail("rollback failed: " + e.getMessage());
            throw new UncheckedIOException(e);
        }
        checkpoints.rolledBack();
        progress.replay(buffer.summary());
        divergence.applied();
    }

    /** A learner on the pretrained base, or none while an open label set has no label yet. */
    private Learner fromBase() throws IOException {
        List<String> labels = spec.labels().values();
        return labels.isEmpty() ? null : learners.create(spec, settings, labels);
    }

    private void restoreFrom(Path dir, boolean counters) throws IOException {
        CheckpointState s = EventJson.mapper().readValue(dir.resolve(CheckpointState.FILE_NAME).toFile(),
                CheckpointState.class);
        learner = learners.restore(spec, settings, dir.resolve(CheckpointState.MODEL_DIR));
        ReplayBuffer restored = newBuffer();
        long t0 = System.nanoTime();
        restored.restore(ReplayCodec.read(dir.resolve(CheckpointState.REPLAY_FILE), learner.storedFeatures()));
        LOG.infof("%s: replay buffer restored, %d items in %d ms (features computed again from stored tokens where"
                + " the learner keeps them so)", model(), restored.items().size(), (System.nanoTime() - t0) / 1_000_000);
        buffer = restored;
        trainedIds = TrainedIds.read(dir.resolve(CheckpointState.TRAINED_IDS_FILE), settings.dedupWindow());
        gated = Set.of(); // the restored buffer may hold sources quarantined since it was saved
        applyQuarantines();
        progress.replay(buffer.summary());
        progress.restore(s, counters);
    }

    private ReplayBuffer newBuffer() {
        return ReplayBuffers.create(settings.replay(), settings.replayCapacity(), settings.maxSourceShare(),
                options.seed());
    }

    /**
     * Writes a checkpoint of everything trained so far, if anything moved since the last one: files, then the
     * manifest (by the store, last), then the announcement, then the group offsets.
     */
    public Optional<CheckpointManifest> checkpoint() throws IOException {
        Map<Integer, Long> offsets = positions.snapshot();
        if (!checkpoints.dirty(learner, offsets)) {
            return Optional.empty();
        }
        try {
            return Optional.of(checkpoints.write(learner, buffer, trainedIds, offsets, source));
        } catch (io.streamtune.storage.FencedException e) {
            stopIfFenced();
            throw e;
        }
    }

    public TrainerStatus status() {
        Optional<CheckpointManifest> last = checkpoints.last();
        Map<Integer, Long> pos = progress.positions();
        long lag = 0;
        for (Map.Entry<Integer, Long> e : source.endOffsets().entrySet()) {
            lag += Math.max(0, e.getValue() - pos.getOrDefault(e.getKey(), 0L));
        }
        Learner l = learner;
        return new TrainerStatus(spec.name(), progress.state(), l == null ? null : l.describe(), progress.step(),
                progress.examplesSeen(), progress.skippedBatches(), progress.rollbacks(), progress.deadLettered(),
                progress.lastLoss(), last.map(CheckpointManifest::checkpointId).orElse(null),
                last.map(CheckpointManifest::createdAt).orElse(null), checkpoints.secondsSinceLast(), pos, lag,
                progress.replay(), progress.stepNanos(), checkpoints.writeNanos(), checkpoints.written(),
                progress.lastError(), checkpoints.head().map(h -> h.owner()).orElse(null),
                checkpoints.head().map(h -> h.generation()).orElse(0L), progress.duplicates(), variant.name(),
                variant.family(), progress.cost(), io.streamtune.contracts.VariantMemory.bytes(spec, variant));
    }

    /** The learner, for tests and benchmarks that look at the weights. */
    public Learner learner() {
        return learner;
    }

    public ReplayBuffer buffer() {
        return buffer;
    }

    /** The ledger of the interval since the last checkpoint, as the next checkpoint would write it (tests). */
    Ledger pendingLedger() {
        return checkpoints.ledger().build(positions.snapshot());
    }

    /** The ids in the de-duplication window, oldest first, for tests. */
    public List<String> trainedIds() {
        return trainedIds.ids();
    }

    /** Graceful end: a final checkpoint of everything trained, then the learner is released. */
    public void shutdown() {
        if (progress.state() == TrainerStatus.State.RUNNING) {
            try {
                checkpoint();
            } catch (io.streamtune.storage.FencedException e) {
                LOG.warnf("%s: no final checkpoint, the model is another trainer's now (%s)", model(),
                        e.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "%s: final checkpoint failed; a restart resumes from %s", model(),
                        checkpoints.last().map(CheckpointManifest::checkpointId).orElse("the beginning"));
            }
        }
        close();
    }

    /** Ends without a checkpoint, as a crash would (what was trained since the last checkpoint is lost). */
    @Override
    public void close() {
        if (!fenced()) {
            progress.state(TrainerStatus.State.STOPPED);
        }
        queue.clear();
        Learner l = learner;
        if (l != null) {
            l.close();
            learner = null;
        }
    }

    void fail(String error) {
        progress.state(TrainerStatus.State.FAILED);
        progress.error(error);
    }
}
