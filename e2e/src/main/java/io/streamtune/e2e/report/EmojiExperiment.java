package io.streamtune.e2e.report;

import io.streamtune.contracts.HeldoutSplit;
import io.streamtune.e2e.stack.DevKeys;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LinearSettings;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.e2e.corpus.SplitEmoji;
import io.streamtune.model.metrics.ClassificationScores;
import io.streamtune.training.Learner;
import io.streamtune.training.TrainerOptions;
import io.streamtune.training.djl.ClassifierLearner;
import io.streamtune.training.djl.ClassifierLearnerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Class-incremental Split-Emoji: four tasks of two emoji groups each arrive one after the other, the label set is
 * open and the head grows. After each task the model is scored on every task's held-out examples (predictions over
 * every label seen so far), which fills the accuracy matrix of each configuration of {@link Candidates}. In validation
 * mode each task's validation slice is left out of training and scored instead of the held-out set.
 */
final class EmojiExperiment {

    static final String MODEL = "split-emoji";
    static final int BATCH = 16;
    static final int SEQ = 128;
    static final int CAPACITY = 200;
    /** A larger buffer for the replay strategies, to show what memory buys against forgetting. */
    static final int LARGE_CAPACITY = 500;
    static final int HELDOUT_PERCENT = 20;
    static final LabelSet OPEN = new LabelSet(true, List.of());

    private final ReportSize size;
    private final Path cacheDir;
    private final Path workDir;
    private final long seed;
    private final boolean validation;
    /** Which validation slice ({@link ValidationSlice}) validation mode scores on. */
    private int validationFold;
    final Map<String, AccuracyMatrix> matrices = new LinkedHashMap<>();
    final Map<String, Prequential> prequential = new LinkedHashMap<>();
    final Map<String, double[]> jointAccuracy = new LinkedHashMap<>();
    final Map<String, Double> numbers = new LinkedHashMap<>();
    final List<List<LabelledText>> train = new ArrayList<>();
    final List<List<LabelledText>> heldout = new ArrayList<>();
    private final List<String> allTexts = new ArrayList<>();
    private Map<String, byte[]> prefixes;
    private int prefixTopK;
    private double tfidfLearningRate = 0.5;
    private double tfidfL2;
    /** Only these of the candidates (for a quicker look at a few), or null for all. */
    private List<String> runs;

    EmojiExperiment(ReportSize size, Path cacheDir, Path workDir, long seed, boolean validation) {
        this.size = size;
        this.cacheDir = cacheDir;
        this.workDir = workDir;
        this.seed = seed;
        this.validation = validation;
    }

    /** The product's defaults with the experiment's buffer of {@value #CAPACITY}. */
    static TrainingSettings baseSettings() {
        return TrainingSettings.defaults().withReplay(TrainingSettings.defaults().replay(), CAPACITY);
    }

    TrainerOptions baseOptions(String run) {
        return TrainerOptions.defaults(List.of(MODEL), workDir.resolve("emoji-" + run)).withDevice("cpu");
    }

    /** The buffer a run keeps: its candidate's, else the experiment's. */
    static int capacity(String run) {
        Candidates.Candidate c = Candidates.emojiCandidates().get(run);
        return c == null ? CAPACITY : c.settingsFrom(baseSettings()).replayCapacity();
    }

    /** Validation mode scores on fold {@code fold}'s slice instead of fold 0's. */
    EmojiExperiment validationFold(int fold) {
        this.validationFold = fold;
        return this;
    }

    EmojiExperiment onlyRuns(List<String> value) {
        value.forEach(run -> Candidates.get(Candidates.emojiCandidates(), run, "--emoji-runs"));
        this.runs = List.copyOf(value);
        return this;
    }

    /** The report: every candidate (or those of {@link #onlyRuns}), the TF-IDF baseline and the joint bounds. */
    void run() throws IOException {
        load();
        encode(baseSettings().topK());
        for (String run : runs == null ? List.copyOf(Candidates.emojiCandidates().keySet()) : runs) {
            matrices.put(run, stream(run));
        }
        matrices.put("tfidf", baseline());
        jointAccuracy.put("joint", joint());
        jointAccuracy.put("tfidf_joint", baselineJoint());
    }

    /** Validation mode: each candidate without the validation slices, scored on them after each task. */
    void validate(List<String> candidates) throws IOException {
        candidates.forEach(c -> Candidates.get(Candidates.emojiCandidates(), c, "--candidates"));
        load();
        encode(baseSettings().topK());
        for (String c : candidates) {
            matrices.put(c, stream(c));
        }
    }

    private void load() throws IOException {
        List<List<LabelledText>> tasks = SplitEmoji.load(cacheDir.resolve("corpora"), seed);
        int total = 0;
        int left = 0;
        for (List<LabelledText> task : tasks) {
            List<LabelledText> tr = new ArrayList<>();
            List<LabelledText> ho = new ArrayList<>();
            for (int i = 0; i < task.size(); i += size.emojiStride()) {
                LabelledText t = task.get(i);
                (HeldoutSplit.heldout(DevKeys.SPLIT, MODEL, t.id(), HELDOUT_PERCENT) ? ho : tr).add(t);
            }
            // the prefix cache covers the same texts in both modes, so a validation run reuses the report's
            tr.forEach(t -> allTexts.add(t.text()));
            ho.forEach(t -> allTexts.add(t.text()));
            left += ho.size();
            if (validation) {
                ValidationSlice slice = ValidationSlice.of(tr, MODEL, HELDOUT_PERCENT, validationFold);
                train.add(slice.fit());
                heldout.add(slice.validation());
            } else {
                train.add(tr);
                heldout.add(ho);
            }
            total += train.get(train.size() - 1).size();
        }
        int scored = heldout.stream().mapToInt(List::size).sum();
        Progress.say("Split-Emoji%s: %d tasks, %d train examples (%s per task), %d %s%s", validation ? " validation"
                : "", tasks.size(), total, train.stream().map(l -> Integer.toString(l.size())).toList(), scored,
                validation ? "in the validation slices" : "held out",
                validation ? "; the " + left + " held out are not scored" : "");
        numbers.put("emoji_train_examples", (double) total);
        numbers.put(validation ? "emoji_validation_examples" : "emoji_heldout_examples", (double) scored);
    }

    /** The frozen prefix of every text below the top {@code topK} layers, unless that is the one already held. */
    private void encode(int topK) throws IOException {
        if (prefixes != null && prefixTopK == topK) {
            return;
        }
        prefixes = null;
        TrainerOptions options = baseOptions("encoder");
        List<String> firstLabels = List.of(SplitEmoji.TASKS.get(0).get(0), SplitEmoji.TASKS.get(0).get(1));
        try (Learner encoder = new ClassifierLearnerFactory(options).create(ModelSpec.of(MODEL, OPEN),
                baseSettings().withReplay(ReplayStrategy.NONE, CAPACITY).withTopK(topK), firstLabels)) {
            String key = ((ClassifierLearner) encoder).trainer().classifier().prefixKey();
            prefixes = PrefixCache.load(encoder, key, allTexts, cacheDir.resolve("report"),
                    PrefixCache.name(MODEL, topK, baseSettings().topK()));
        }
        prefixTopK = topK;
    }

    private AccuracyMatrix stream(String run) throws IOException {
        Candidates.Candidate c = Candidates.get(Candidates.emojiCandidates(), run, "Split-Emoji run");
        TrainingSettings settings = c.settingsFrom(baseSettings());
        TrainerOptions options = c.optionsFrom(baseOptions(run));
        encode(settings.topK());
        AccuracyMatrix m = new AccuracyMatrix(train.size());
        Prequential p = new Prequential(SpamExperiment.PREQUENTIAL_WINDOW);
        Progress progress = Progress.start("Split-Emoji " + run + " (" + Candidates.summary(settings, options) + ")",
                train.size());
        try (StreamTrainer t = new StreamTrainer(MODEL, OPEN, settings, options,
                CachingLearnerFactory.of(options, prefixes, c.linear()))) {
            Random random = new Random(seed);
            for (int task = 0; task < train.size(); task++) {
                for (int e = 0; e < size.emojiEpochs(); e++) {
                    List<LabelledText> pass = new ArrayList<>(train.get(task));
                    if (e > 0) {
                        Collections.shuffle(pass, random);
                    }
                    Schedule schedule = Schedule.of(pass, settings.batchSize(), Integer.MAX_VALUE);
                    for (List<LabelledText> batch : schedule.batches()) {
                        if (e == 0) {
                            p.test(t.learner(), batch);
                        }
                        t.train(batch);
                    }
                }
                score(t.learner(), m, task);
                progress.at(task + 1, "accuracy on task 1 " + SpamExperiment.fmt(m.get(task, 0))
                        + ", on the new task " + SpamExperiment.fmt(m.get(task, task)) + ", mean over tasks seen "
                        + SpamExperiment.fmt(meanSeen(m, task)) + ", prequential " + SpamExperiment.fmt(p.accuracy()));
            }
        }
        prequential.put(run, p);
        return m;
    }

    private void score(Learner learner, AccuracyMatrix m, int after) {
        for (int j = 0; j < heldout.size(); j++) {
            List<LabelledText> set = heldout.get(j);
            if (set.isEmpty()) {
                continue; // a quick run's validation slice can miss a task: its cells stay NaN
            }
            List<String> predicted = StreamTrainer.argmax(learner.predict(texts(set)), learner.labels());
            m.set(after, j, ClassificationScores.of(set.stream().map(LabelledText::label).toList(), predicted).accuracy());
        }
    }

    private static List<String> texts(List<LabelledText> set) {
        return set.stream().map(LabelledText::text).toList();
    }

    static double meanSeen(AccuracyMatrix m, int after) {
        double sum = 0;
        for (int j = 0; j <= after; j++) {
            sum += m.get(after, j);
        }
        return sum / (after + 1);
    }

    /** The same network trained offline on every task's examples at once, shuffled: the upper bound. */
    private double[] joint() throws IOException {
        encode(baseSettings().topK());
        TrainerOptions options = baseOptions("joint");
        List<LabelledText> all = new ArrayList<>();
        train.forEach(all::addAll);
        Random random = new Random(seed);
        double[] out = new double[train.size()];
        Progress progress = Progress.start("Split-Emoji joint (all tasks shuffled, " + size.jointEpochs()
                + " epochs)", size.jointEpochs());
        try (StreamTrainer t = new StreamTrainer(MODEL, OPEN, baseSettings().withReplay(ReplayStrategy.NONE, CAPACITY), options,
                CachingLearnerFactory.of(options, prefixes, LinearSettings.defaults()))) {
            for (int e = 0; e < size.jointEpochs(); e++) {
                List<LabelledText> shuffled = new ArrayList<>(all);
                Collections.shuffle(shuffled, random);
                for (List<LabelledText> batch : Schedule.of(shuffled, BATCH, Integer.MAX_VALUE).batches()) {
                    t.train(batch);
                }
                progress.at(e + 1, null);
            }
            Learner learner = t.learner();
            for (int j = 0; j < heldout.size(); j++) {
                List<LabelledText> set = heldout.get(j);
                List<String> predicted = StreamTrainer.argmax(learner.predict(texts(set)), learner.labels());
                out[j] = ClassificationScores.of(set.stream().map(LabelledText::label).toList(), predicted).accuracy();
            }
        }
        return out;
    }

    /** TF-IDF + LR trained offline on every task at once (shuffled, as many epochs as the joint model). */
    private double[] baselineJoint() {
        List<LabelledText> all = new ArrayList<>();
        train.forEach(all::addAll);
        TfIdfBaseline b = new TfIdfBaseline(tfidfLearningRate, tfidfL2);
        Random random = new Random(seed);
        for (int e = 0; e < size.jointEpochs(); e++) {
            List<LabelledText> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, random);
            shuffled.forEach(t -> b.train(t.text(), t.label()));
        }
        double[] out = new double[heldout.size()];
        for (int j = 0; j < heldout.size(); j++) {
            List<LabelledText> set = heldout.get(j);
            out[j] = ClassificationScores.of(set.stream().map(LabelledText::label).toList(),
                    b.predict(set.stream().map(LabelledText::text).toList())).accuracy();
        }
        return out;
    }

    /** The TF-IDF baseline on the same task sequence (online, one pass; it grows a class per new label too). */
    private AccuracyMatrix baseline() {
        List<LabelledText> stream = new ArrayList<>();
        train.forEach(stream::addAll);
        TfIdfBaseline chosen = BaselineTuning.choose("Split-Emoji tfidf", stream, x -> x, HELDOUT_PERCENT, MODEL);
        numbers.put("emoji_tfidf_learning_rate", chosen.learningRate());
        tfidfLearningRate = chosen.learningRate();
        tfidfL2 = chosen.l2();
        TfIdfBaseline b = new TfIdfBaseline(chosen.learningRate(), chosen.l2());
        AccuracyMatrix m = new AccuracyMatrix(train.size());
        Prequential p = new Prequential(SpamExperiment.PREQUENTIAL_WINDOW);
        for (int task = 0; task < train.size(); task++) {
            for (List<LabelledText> batch : Schedule.of(train.get(task), BATCH, Integer.MAX_VALUE).batches()) {
                p.record(batch.stream().map(LabelledText::label).toList(),
                        b.predict(batch.stream().map(LabelledText::text).toList()));
                batch.forEach(t -> b.train(t.text(), t.label()));
            }
            for (int j = 0; j < heldout.size(); j++) {
                List<LabelledText> set = heldout.get(j);
                m.set(task, j, ClassificationScores.of(set.stream().map(LabelledText::label).toList(),
                        b.predict(set.stream().map(LabelledText::text).toList())).accuracy());
            }
        }
        prequential.put("tfidf", p);
        return m;
    }
}
