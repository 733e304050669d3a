package io.streamtune.e2e.report;

import io.streamtune.contracts.HeldoutSplit;
import io.streamtune.e2e.stack.DevKeys;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LinearSettings;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.training.Learner;
import io.streamtune.training.TrainerOptions;
import io.streamtune.training.djl.ClassifierLearner;
import io.streamtune.training.djl.ClassifierLearnerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Learning quality on the SpamAssassin stream (2002 → 2003 → hard ham, 20 % held out by ingest's split): MiniLM
 * through the trainer's own loop in the configurations of {@link Candidates} (the product's defaults first), offline
 * joint training of the same network, and the TF-IDF baseline on the same stream. In validation mode the candidates
 * learn the training stream minus its validation slice and are scored on that slice; the held-out set is not scored.
 */
final class SpamExperiment {

    static final String MODEL = "spamassassin";
    static final int BATCH = 16;
    static final int SEQ = 128;
    static final int HELDOUT_PERCENT = 20;
    static final int WINDOWS = 4;
    static final int PREQUENTIAL_WINDOW = 200;
    static final LabelSet LABELS = LabelSet.closed("ham", "spam");

    private final ReportSize size;
    private final Path cacheDir;
    private final Path workDir;
    private final long seed;
    private final boolean validation;
    /** Which validation slice ({@link ValidationSlice}) validation mode scores on. */
    private int validationFold;
    final Map<String, Double> numbers = new LinkedHashMap<>();
    final Map<String, RunResult> runs = new LinkedHashMap<>();
    /** What the runs learn: the training stream, or in validation mode the stream minus the validation slice. */
    List<LabelledText> train;
    /** What the runs are scored on: the held-out set, or in validation mode the validation slice. */
    List<LabelledText> heldout;
    private List<String> allTexts;
    private Map<String, byte[]> prefixes;
    private int prefixWindows;
    private int prefixTopK;
    private HeldoutSet heldoutSet;
    /** The one-window set, whose scoring time is the evaluator's cost per checkpoint. */
    private HeldoutSet timedSet;

    SpamExperiment(ReportSize size, Path cacheDir, Path workDir, long seed, boolean validation) {
        this.size = size;
        this.cacheDir = cacheDir;
        this.workDir = workDir;
        this.seed = seed;
        this.validation = validation;
    }

    static TrainingSettings baseSettings() {
        return TrainingSettings.defaults();
    }

    TrainerOptions baseOptions(String run) {
        return TrainerOptions.defaults(List.of(MODEL), workDir.resolve("spam-" + run)).withDevice("cpu");
    }

    /** The report: the baselines, every run of {@link Candidates#SPAM_REPORT}, joint, the live trainer, windowed. */
    void run() throws IOException {
        load();
        usePrefixes(1, baseSettings().topK());
        measureEncoding();
        baseline("tfidf_full", t -> t);
        try (FirstWindow window = new FirstWindow(SEQ)) {
            Map<String, String> firstWindow = new HashMap<>();
            for (String t : allTexts) {
                firstWindow.put(t, window.of(t));
            }
            baseline("tfidf_128", firstWindow::get);
        }
        for (String run : Candidates.SPAM_REPORT) {
            stream(run);
        }
        joint();
        live();
        if (size.windowed()) {
            stream(Candidates.WINDOWED);
        }
    }

    /** Validation mode scores on fold {@code fold}'s slice instead of fold 0's. */
    SpamExperiment validationFold(int fold) {
        this.validationFold = fold;
        return this;
    }

    /** Validation mode: each candidate over the stream minus the validation slice, scored on that slice. */
    void validate(List<String> candidates) throws IOException {
        candidates.forEach(c -> Candidates.get(Candidates.spamCandidates(), c, "--candidates"));
        load();
        for (String c : candidates) {
            stream(c);
        }
    }

    private void load() throws IOException {
        List<LabelledText> all = CorpusCache.spamAssassin(cacheDir, seed);
        List<LabelledText> kept = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size.spamStride()) {
            kept.add(all.get(i));
        }
        List<LabelledText> tr = new ArrayList<>();
        List<LabelledText> ho = new ArrayList<>();
        for (LabelledText t : kept) {
            (HeldoutSplit.heldout(DevKeys.SPLIT, MODEL, t.id(), HELDOUT_PERCENT) ? ho : tr).add(t);
        }
        // the prefix caches cover the same texts in both modes, so a validation run reuses the report's
        allTexts = new ArrayList<>();
        tr.forEach(t -> allTexts.add(t.text()));
        ho.forEach(t -> allTexts.add(t.text()));
        if (validation) {
            ValidationSlice slice = ValidationSlice.of(tr, MODEL, HELDOUT_PERCENT, validationFold);
            train = slice.fit();
            heldout = slice.validation();
            Progress.say("SpamAssassin validation: %d emails kept, %d train minus %d validation = %d learnt (stream "
                    + "order); the %d held out are not scored", kept.size(), tr.size(), heldout.size(), train.size(),
                    ho.size());
            numbers.put("spam_validation_examples", (double) heldout.size());
        } else {
            train = List.copyOf(tr);
            heldout = List.copyOf(ho);
            Progress.say("SpamAssassin: %d emails, %d train (stream order), %d held out", kept.size(), train.size(),
                    heldout.size());
            numbers.put("spam_heldout_examples", (double) heldout.size());
        }
        numbers.put("spam_train_examples", (double) train.size());
    }

    /**
     * The frozen prefix of every email for {@code windows} windows below the top {@code topK} layers (one cache at a
     * time: four windows are big).
     */
    private void usePrefixes(int windows, int topK) throws IOException {
        if (prefixes != null && prefixWindows == windows && prefixTopK == topK) {
            return;
        }
        prefixes = null;
        heldoutSet = null;
        try (Learner encoder = encoder(windows, topK)) {
            String key = ((ClassifierLearner) encoder).trainer().classifier().prefixKey();
            CpuClock clock = CpuClock.start();
            String name = PrefixCache.name(MODEL + "-w" + windows, topK, baseSettings().topK());
            prefixes = PrefixCache.load(encoder, key, allTexts, cacheDir.resolve("report"), name);
            Progress.say("prefixes (%d window%s) ready in %s (%.0f CPU s)", windows, windows == 1 ? "" : "s",
                    Progress.duration(clock.wallSeconds()), clock.cpuSeconds());
        }
        prefixWindows = windows;
        prefixTopK = topK;
        heldoutSet = new HeldoutSet(heldout, prefixes, LabelledText::period);
        if (windows == 1 && topK == baseSettings().topK() && timedSet == null) {
            timedSet = heldoutSet;
        }
    }

    private Learner encoder(int windows, int topK) throws IOException {
        TrainerOptions options = baseOptions("encoder-w" + windows);
        TrainingSettings settings = baseSettings().withReplay(ReplayStrategy.NONE, baseSettings().replayCapacity())
                .withMaxWindows(windows).withTopK(topK);
        return new ClassifierLearnerFactory(options).create(spec(), settings, LABELS.values());
    }

    /** Measured in every run, cache or not: the prefix cost of one email, as the trainer and evaluator pay it. */
    private void measureEncoding() throws IOException {
        try (Learner encoder = encoder(1, baseSettings().topK())) {
            List<String> sample = allTexts.subList(0, Math.min(allTexts.size(), size.quick() ? 32 : 128));
            CpuClock s = CpuClock.start();
            encoder.features(sample);
            numbers.put("spam_prefix_encode_examples_per_s", sample.size() / s.wallSeconds());
            numbers.put("spam_prefix_encode_cpu_s_per_1000", 1000 * s.cpuSeconds() / sample.size());
        }
    }

    private ModelSpec spec() {
        return new ModelSpec(null, 0, null, MODEL, LABELS, null, 0, 0, 0, null, null);
    }

    /** The TF-IDF baseline: learning rate chosen on a validation slice of the training stream, then the full run. */
    private void baseline(String name, Function<String, String> view) {
        TfIdfBaseline chosen = BaselineTuning.choose(name, train, view, HELDOUT_PERCENT, MODEL);
        numbers.put("spam_" + name + "_learning_rate", chosen.learningRate());
        numbers.put("spam_" + name + "_l2", chosen.l2());
        TfIdfBaseline b = new TfIdfBaseline(chosen.learningRate(), chosen.l2());
        Schedule schedule = Schedule.of(train, BATCH, size.evaluateEvery());
        List<Evaluation> curve = new ArrayList<>();
        Map<String, Evaluation> ends = new LinkedHashMap<>();
        Prequential prequential = new Prequential(PREQUENTIAL_WINDOW);
        List<String> heldoutTexts = heldout.stream().map(t -> view.apply(t.text())).toList();
        long cpu = 0;
        long wall = 0;
        long examples = 0;
        Progress progress = Progress.start("SpamAssassin " + name + " (lr " + chosen.learningRate() + ")",
                schedule.batches().size());
        for (int i = 0; i < schedule.batches().size(); i++) {
            List<LabelledText> batch = schedule.batches().get(i);
            prequential.record(batch.stream().map(LabelledText::label).toList(),
                    b.predict(batch.stream().map(t -> view.apply(t.text())).toList()));
            long c0 = CpuClock.processCpuNanos();
            long w0 = System.nanoTime();
            for (LabelledText t : batch) {
                b.train(view.apply(t.text()), t.label());
            }
            cpu += CpuClock.processCpuNanos() - c0;
            wall += System.nanoTime() - w0;
            examples += batch.size();
            if (schedule.evaluateAfter().contains(i)) {
                Evaluation e = Evaluation.of(examples, heldout, b.predict(heldoutTexts), LabelledText::period);
                curve.add(e);
                String phase = schedule.phaseEnds().get(i);
                if (phase != null) {
                    ends.put(phase, e);
                }
                progress.at(i + 1, "macro-F1 " + fmt(e.slice(Evaluation.ALL).macroF1()));
            }
        }
        runs.put(name, new RunResult(name, curve, ends, examples, 0, wall / 1e9, cpu / 1e9, prequential));
    }

    /** A configuration of {@link Candidates} over the stream in time order, through the trainer's loop. */
    private void stream(String name) throws IOException {
        Candidates.Candidate c = Candidates.get(Candidates.spamCandidates(), name, "SpamAssassin run");
        TrainingSettings settings = c.settingsFrom(baseSettings());
        TrainerOptions options = c.optionsFrom(baseOptions(name));
        usePrefixes(settings.maxWindows(), settings.topK());
        // validation mode scores only at phase ends and at the end: the choice looks at nothing else
        Schedule schedule = Schedule.of(train, settings.batchSize(),
                validation ? Integer.MAX_VALUE : size.evaluateEvery());
        runs.put(name, new StreamRun(MODEL, LABELS, prefixes, heldoutSet, validation ? "validation" : "held-out")
                .train("SpamAssassin " + name, settings, options, c.linear(), schedule, true));
    }

    /** Offline joint training of the same network: the whole training set, shuffled, several epochs, no replay. */
    private void joint() throws IOException {
        List<LabelledText> epochs = new ArrayList<>();
        Random random = new Random(seed);
        for (int e = 0; e < size.jointEpochs(); e++) {
            List<LabelledText> shuffled = new ArrayList<>(train);
            Collections.shuffle(shuffled, random);
            for (LabelledText t : shuffled) {
                // one phase per epoch, so the schedule scores the model after each epoch
                epochs.add(new LabelledText(t.id(), t.text(), t.label(), t.group(), "epoch-" + (e + 1), t.eventTime()));
            }
        }
        usePrefixes(1, baseSettings().topK());
        numbers.put("spam_joint_epochs", (double) size.jointEpochs());
        Schedule schedule = Schedule.of(epochs, BATCH, Integer.MAX_VALUE);
        TrainingSettings settings = baseSettings().withReplay(ReplayStrategy.NONE, baseSettings().replayCapacity());
        TrainerOptions options = baseOptions("joint").withAsymmetricLoss(false);
        runs.put("joint", new StreamRun(MODEL, LABELS, prefixes, heldoutSet, "held-out")
                .train("SpamAssassin joint", settings, options, LinearSettings.defaults(), schedule, false));
    }

    /** The trainer as deployed: texts in, the frozen prefix run inside each step, the product's default settings. */
    private void live() throws IOException {
        List<LabelledText> head = train.subList(0, Math.min(train.size(), size.liveBatches() * BATCH));
        Candidates.Candidate c = Candidates.get(Candidates.spamCandidates(), Candidates.DEFAULT, "live");
        TrainerOptions options = c.optionsFrom(baseOptions("live"));
        TrainingSettings settings = c.settingsFrom(baseSettings());
        CpuClock clock = CpuClock.start();
        Progress progress = Progress.start("trainer throughput with live prefixes (" + Candidates.summary(settings,
                options) + ")", (head.size() + BATCH - 1) / BATCH);
        try (StreamTrainer t = new StreamTrainer(MODEL, LABELS, settings, options,
                new ClassifierLearnerFactory(options))) {
            Schedule schedule = Schedule.of(head, BATCH, Integer.MAX_VALUE);
            for (int i = 0; i < schedule.batches().size(); i++) {
                t.train(schedule.batches().get(i));
                progress.at(i + 1, null);
            }
            numbers.put("trainer_live_examples", (double) t.examples());
            numbers.put("trainer_live_examples_per_s", t.examples() / t.stepSeconds());
            numbers.put("trainer_live_cpu_s_per_1000", 1000 * clock.cpuSeconds() / t.examples());
        }
    }

    /** The one-window held-out set, with the time its scoring took. */
    HeldoutSet heldoutSet() {
        return timedSet;
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
