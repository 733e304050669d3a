package io.streamtune.e2e.report;

import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.e2e.corpus.SpamAssassinCorpus;
import io.streamtune.trainer.training.Learner;
import io.streamtune.trainer.training.LearnerFactory;
import io.streamtune.trainer.training.TrainerOptions;
import io.streamtune.trainer.training.djl.ClassifierLearner;
import io.streamtune.trainer.training.djl.ClassifierLearnerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Learning quality on the SpamAssassin stream (2002 → 2003 → hard ham, 20 % held out by ingest's split): MiniLM top-2
 * + head through the trainer's own loop with replay off, reservoir and DER++, offline joint training of the same
 * network, and the TF-IDF baseline on the same stream.
 */
final class SpamExperiment {

    static final String MODEL = "spamassassin";
    static final int BATCH = 16;
    static final int SEQ = 128;
    static final int HELDOUT_PERCENT = 20;
    static final int WINDOWS = 4;
    static final LabelSet LABELS = LabelSet.closed("ham", "spam");

    private final ReportSize size;
    private final Path cacheDir;
    private final Path workDir;
    private final long seed;
    final Map<String, Double> numbers = new LinkedHashMap<>();
    final Map<String, RunResult> runs = new LinkedHashMap<>();
    final Map<String, TfIdfBaseline> baselines = new LinkedHashMap<>();
    List<LabelledText> train;
    List<LabelledText> heldout;
    private HeldoutSet heldoutSet;
    private Map<String, byte[]> prefixes;

    SpamExperiment(ReportSize size, Path cacheDir, Path workDir, long seed) {
        this.size = size;
        this.cacheDir = cacheDir;
        this.workDir = workDir;
        this.seed = seed;
    }

    static TrainingSettings settings(ReplayStrategy replay, int windows) {
        return new TrainingSettings(FineTuneMode.TOP_K, 2, BATCH, 0, 5e-5, 1e-3, 0, SEQ, windows, replay, 0, 0, 1.0,
                0, 0);
    }

    TrainerOptions options(String run) {
        return TrainerOptions.defaults(List.of(MODEL), workDir.resolve("spam-" + run)).withDevice("cpu")
                .withAsymmetricLoss(EmojiExperiment.ace(run));
    }

    void run() throws IOException {
        load();
        encode();
        baseline("tfidf_full", t -> t);
        try (FirstWindow window = new FirstWindow(SEQ)) {
            Map<String, String> firstWindow = new java.util.HashMap<>();
            for (LabelledText t : train) {
                firstWindow.put(t.text(), window.of(t.text()));
            }
            for (LabelledText t : heldout) {
                firstWindow.put(t.text(), window.of(t.text()));
            }
            baseline("tfidf_128", firstWindow::get);
        }
        stream("naive", ReplayStrategy.NONE);
        stream("reservoir", ReplayStrategy.RESERVOIR);
        stream("derpp", ReplayStrategy.DER_PP);
        stream("reservoir_ace", ReplayStrategy.RESERVOIR);
        joint();
        live();
        if (size.windowed()) {
            windowed();
        }
    }

    private void load() throws IOException {
        List<LabelledText> all = CorpusCache.spamAssassin(cacheDir, seed);
        List<LabelledText> kept = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size.spamStride()) {
            kept.add(all.get(i));
        }
        train = new ArrayList<>();
        heldout = new ArrayList<>();
        for (LabelledText t : kept) {
            (HeldoutSplit.heldout(MODEL, t.id(), HELDOUT_PERCENT) ? heldout : train).add(t);
        }
        Progress.say("SpamAssassin: %d emails, %d train (stream order), %d held out", kept.size(), train.size(),
                heldout.size());
        numbers.put("spam_train_examples", (double) train.size());
        numbers.put("spam_heldout_examples", (double) heldout.size());
    }

    /** Every email once through the frozen prefix (shared by all configurations), and the live cost on a sample. */
    private void encode() throws IOException {
        prefixes = prefixes(1, true);
        heldoutSet = new HeldoutSet(heldout, prefixes, LabelledText::period);
    }

    private Map<String, byte[]> prefixes(int windows, boolean measure) throws IOException {
        TrainerOptions options = options("encoder-w" + windows);
        try (Learner encoder = new ClassifierLearnerFactory(options).create(spec(),
                settings(ReplayStrategy.NONE, windows), LABELS.values())) {
            String key = ((ClassifierLearner) encoder).trainer().classifier().prefixKey();
            List<String> texts = new ArrayList<>();
            train.forEach(t -> texts.add(t.text()));
            heldout.forEach(t -> texts.add(t.text()));
            CpuClock clock = CpuClock.start();
            Map<String, byte[]> out = PrefixCache.load(encoder, key, texts, cacheDir.resolve("report"),
                    MODEL + "-w" + windows);
            Progress.say("prefixes (%d window%s) ready in %s (%.0f CPU s)", windows, windows == 1 ? "" : "s",
                    Progress.duration(clock.wallSeconds()), clock.cpuSeconds());
            if (measure) {
                // measured in every run, cache or not: the prefix cost of one email, as the trainer and evaluator pay it
                List<String> sample = texts.subList(0, Math.min(texts.size(), size.quick() ? 32 : 128));
                CpuClock s = CpuClock.start();
                encoder.features(sample);
                numbers.put("spam_prefix_encode_examples_per_s", sample.size() / s.wallSeconds());
                numbers.put("spam_prefix_encode_cpu_s_per_1000", 1000 * s.cpuSeconds() / sample.size());
            }
            return out;
        }
    }

    /** The best streaming configuration again, reading the first 4 windows (512 tokens) of each email. */
    private void windowed() throws IOException {
        String best = SpamFigures.best(this);
        ReplayStrategy replay = EmojiExperiment.strategy(best);
        prefixes = null; // the one-window cache is done with; the four-window one is about four times its size
        Map<String, byte[]> four = prefixes(WINDOWS, false);
        HeldoutSet set = new HeldoutSet(heldout, four, LabelledText::period);
        runs.put("windowed", train("windowed", options("windowed").withAsymmetricLoss(EmojiExperiment.ace(best)), replay,
                Schedule.of(train, BATCH, size.evaluateEvery()), WINDOWS, four, set));
        numbers.put("spam_windowed_config_is_" + best, 1.0);
    }

    private io.streamtune.contracts.ModelSpec spec() {
        return new io.streamtune.contracts.ModelSpec(null, 0, null, MODEL, LABELS, null, 0, 0, 0, null, null);
    }

    /** The TF-IDF baseline: learning rate chosen on a validation slice of the training stream, then the full run. */
    private void baseline(String name, java.util.function.Function<String, String> view) {
        TfIdfBaseline chosen = BaselineTuning.choose(name, train, view, HELDOUT_PERCENT, MODEL);
        numbers.put("spam_" + name + "_learning_rate", chosen.learningRate());
        numbers.put("spam_" + name + "_l2", chosen.l2());
        TfIdfBaseline b = new TfIdfBaseline(chosen.learningRate(), chosen.l2());
        Schedule schedule = Schedule.of(train, BATCH, size.evaluateEvery());
        List<Evaluation> curve = new ArrayList<>();
        Map<String, Evaluation> ends = new LinkedHashMap<>();
        List<String> heldoutTexts = heldout.stream().map(t -> view.apply(t.text())).toList();
        long cpu = 0;
        long wall = 0;
        long examples = 0;
        Progress progress = Progress.start("SpamAssassin " + name + " (lr " + chosen.learningRate() + ")",
                schedule.batches().size());
        for (int i = 0; i < schedule.batches().size(); i++) {
            long c0 = CpuClock.processCpuNanos();
            long w0 = System.nanoTime();
            for (LabelledText t : schedule.batches().get(i)) {
                b.train(view.apply(t.text()), t.label());
            }
            cpu += CpuClock.processCpuNanos() - c0;
            wall += System.nanoTime() - w0;
            examples += schedule.batches().get(i).size();
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
        runs.put(name, new RunResult(name, curve, ends, examples, 0, wall / 1e9, cpu / 1e9));
        baselines.put(name, b);
    }

    /** The fine-tuned model over the stream in time order, through the trainer's loop. */
    private void stream(String name, ReplayStrategy replay) throws IOException {
        Schedule schedule = Schedule.of(train, BATCH, size.evaluateEvery());
        runs.put(name, train(name, replay, schedule, 1, prefixes, heldoutSet));
    }

    RunResult train(String name, ReplayStrategy replay, Schedule schedule, int windows, Map<String, byte[]> cache,
            HeldoutSet set) throws IOException {
        return train(name, options(name), replay, schedule, windows, cache, set);
    }

    private RunResult train(String name, TrainerOptions options, ReplayStrategy replay, Schedule schedule, int windows,
            Map<String, byte[]> cache, HeldoutSet set) throws IOException {
        LearnerFactory learners = new CachingLearnerFactory(options, cache);
        List<Evaluation> curve = new ArrayList<>();
        Map<String, Evaluation> ends = new LinkedHashMap<>();
        long cpu = 0;
        Progress progress = Progress.start("SpamAssassin " + name + " (MiniLM top-2, " + SEQ + " tokens x " + windows
                + ", batch " + BATCH + ", replay " + replay.wire() + (options.asymmetricLoss() ? ", ER-ACE loss" : "") + ")", schedule.batches().size());
        try (StreamTrainer t = new StreamTrainer(MODEL, LABELS, settings(replay, windows), options, learners)) {
            for (int i = 0; i < schedule.batches().size(); i++) {
                long c0 = CpuClock.processCpuNanos();
                t.train(schedule.batches().get(i));
                cpu += CpuClock.processCpuNanos() - c0;
                String detail = String.format(java.util.Locale.ROOT, "%.1f examples/s", t.examples() / t.stepSeconds());
                if (schedule.evaluateAfter().contains(i)) {
                    Evaluation e = set.evaluate(t.learner(), t.examples());
                    curve.add(e);
                    String phase = schedule.phaseEnds().get(i);
                    if (phase != null) {
                        ends.put(phase, e);
                    }
                    detail += ", held-out macro-F1 " + fmt(e.slice(Evaluation.ALL).macroF1());
                    progress.at(i + 1, detail);
                } else {
                    progress.at(i + 1, detail);
                }
            }
            if (t.skippedBatches() > 0) {
                Progress.say("%s: %d batches skipped (non-finite loss)", name, t.skippedBatches());
            }
            return new RunResult(name, curve, ends, t.examples(), t.replayed(), t.stepSeconds(), cpu / 1e9);
        }
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
        Schedule schedule = Schedule.of(epochs, BATCH, Integer.MAX_VALUE);
        runs.put("joint", train("joint", ReplayStrategy.NONE, schedule, 1, prefixes, heldoutSet));
    }

    /** The trainer as deployed: texts in, the frozen prefix run inside each step, reservoir replay. */
    private void live() throws IOException {
        List<LabelledText> head = train.subList(0, Math.min(train.size(), size.liveBatches() * BATCH));
        TrainerOptions options = options("live");
        CpuClock clock = CpuClock.start();
        Progress progress = Progress.start("trainer throughput with live prefixes (reservoir replay)",
                (head.size() + BATCH - 1) / BATCH);
        try (StreamTrainer t = new StreamTrainer(MODEL, LABELS, settings(ReplayStrategy.RESERVOIR, 1), options,
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

    HeldoutSet heldoutSet() {
        return heldoutSet;
    }

    Map<String, byte[]> prefixes() {
        return prefixes;
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }

}
