package io.streamtune.e2e.report;

import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.e2e.corpus.SplitEmoji;
import io.streamtune.trainer.training.Learner;
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
 * Class-incremental Split-Emoji: four tasks of two emoji groups each arrive one after the other, the label set is
 * open and the head grows. After each task the model is scored on every task's held-out examples (predictions over
 * every label seen so far), which fills the accuracy matrix of each configuration.
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
    /** Runs named {@code <strategy>[_<capacity>][_ace]}: {@code _ace} adds ER-ACE's asymmetric loss. */
    static final List<String> STREAM_RUNS = List.of("naive", "reservoir", "class_balanced", "derpp",
            "reservoir_" + LARGE_CAPACITY, "class_balanced_" + LARGE_CAPACITY, "derpp_" + LARGE_CAPACITY,
            "reservoir_ace", "class_balanced_ace", "derpp_ace");
    private static final String ACE = "_ace";

    private final ReportSize size;
    private final Path cacheDir;
    private final Path workDir;
    private final long seed;
    final Map<String, AccuracyMatrix> matrices = new LinkedHashMap<>();
    final Map<String, double[]> jointAccuracy = new LinkedHashMap<>();
    final Map<String, Double> numbers = new LinkedHashMap<>();
    final List<List<LabelledText>> train = new ArrayList<>();
    final List<List<LabelledText>> heldout = new ArrayList<>();
    private Map<String, byte[]> prefixes;
    private double tfidfLearningRate = 0.5;
    private double tfidfL2;

    EmojiExperiment(ReportSize size, Path cacheDir, Path workDir, long seed) {
        this.size = size;
        this.cacheDir = cacheDir;
        this.workDir = workDir;
        this.seed = seed;
    }

    static TrainingSettings settings(ReplayStrategy replay, int capacity) {
        return new TrainingSettings(FineTuneMode.TOP_K, 2, BATCH, 0, 5e-5, 1e-3, 0, SEQ, 1, replay, capacity, 0,
                1.0, 0, 0);
    }

    /** The buffer size a run name says ({@code reservoir_500}), else the default. */
    static int capacity(String run) {
        String r = withoutAce(run);
        int i = r.lastIndexOf('_');
        return i > 0 && r.substring(i + 1).chars().allMatch(Character::isDigit)
                ? Integer.parseInt(r.substring(i + 1)) : CAPACITY;
    }

    /** Whether a run uses ER-ACE's asymmetric loss ({@code reservoir_ace}). */
    static boolean ace(String run) {
        return run.endsWith(ACE);
    }

    /** The run's name without its {@code _ace} suffix. */
    static String withoutAce(String run) {
        return ace(run) ? run.substring(0, run.length() - ACE.length()) : run;
    }

    /** Only these of {@link #STREAM_RUNS} (for a quicker look at a few), or null for all. */
    private List<String> runs;

    EmojiExperiment onlyRuns(List<String> value) {
        for (String run : value) {
            if (!STREAM_RUNS.contains(run)) {
                throw new IllegalArgumentException("--emoji-runs: no run '" + run + "'; the runs are " + STREAM_RUNS);
            }
        }
        this.runs = List.copyOf(value);
        return this;
    }

    void run() throws IOException {
        load();
        encode();
        for (String run : runs == null ? STREAM_RUNS : runs) {
            matrices.put(run, stream(run, strategy(run), capacity(run)));
        }
        matrices.put("tfidf", baseline());
        jointAccuracy.put("joint", joint());
        jointAccuracy.put("tfidf_joint", baselineJoint());
    }

    static ReplayStrategy strategy(String run) {
        return switch (withoutAce(run).replaceAll("_\\d+$", "")) {
            case "naive" -> ReplayStrategy.NONE;
            case "reservoir" -> ReplayStrategy.RESERVOIR;
            case "class_balanced" -> ReplayStrategy.CLASS_BALANCED;
            case "derpp" -> ReplayStrategy.DER_PP;
            default -> throw new IllegalArgumentException("no replay strategy for run '" + run + "'");
        };
    }

    private void load() throws IOException {
        List<List<LabelledText>> tasks = SplitEmoji.load(cacheDir.resolve("corpora"), seed);
        int total = 0;
        for (List<LabelledText> task : tasks) {
            List<LabelledText> tr = new ArrayList<>();
            List<LabelledText> ho = new ArrayList<>();
            for (int i = 0; i < task.size(); i += size.emojiStride()) {
                LabelledText t = task.get(i);
                (HeldoutSplit.heldout(MODEL, t.id(), HELDOUT_PERCENT) ? ho : tr).add(t);
            }
            train.add(tr);
            heldout.add(ho);
            total += tr.size();
        }
        Progress.say("Split-Emoji: %d tasks, %d train examples (%s per task), %d held out", tasks.size(), total,
                train.stream().map(l -> Integer.toString(l.size())).toList(),
                heldout.stream().mapToInt(List::size).sum());
        numbers.put("emoji_train_examples", (double) total);
        numbers.put("emoji_heldout_examples", (double) heldout.stream().mapToInt(List::size).sum());
    }

    private void encode() throws IOException {
        TrainerOptions options = TrainerOptions.defaults(List.of(MODEL), workDir.resolve("emoji-encoder"))
                .withDevice("cpu");
        List<String> texts = new ArrayList<>();
        train.forEach(l -> l.forEach(t -> texts.add(t.text())));
        heldout.forEach(l -> l.forEach(t -> texts.add(t.text())));
        List<String> firstLabels = List.of(SplitEmoji.TASKS.get(0).get(0), SplitEmoji.TASKS.get(0).get(1));
        try (Learner encoder = new ClassifierLearnerFactory(options).create(
                ModelSpec.of(MODEL, OPEN), settings(ReplayStrategy.NONE, CAPACITY), firstLabels)) {
            String key = ((ClassifierLearner) encoder).trainer().classifier().prefixKey();
            prefixes = PrefixCache.load(encoder, key, texts, cacheDir.resolve("report"), MODEL);
        }
    }

    private AccuracyMatrix stream(String run, ReplayStrategy replay, int capacity) throws IOException {
        TrainerOptions options = TrainerOptions.defaults(List.of(MODEL), workDir.resolve("emoji-" + run))
                .withDevice("cpu").withAsymmetricLoss(ace(run));
        AccuracyMatrix m = new AccuracyMatrix(train.size());
        Progress progress = Progress.start("Split-Emoji " + run + " (replay " + replay.wire() + ", capacity "
                + capacity + (ace(run) ? ", ER-ACE loss" : "") + ")", train.size());
        try (StreamTrainer t = new StreamTrainer(MODEL, OPEN, settings(replay, capacity), options,
                new CachingLearnerFactory(options, prefixes))) {
            Random random = new Random(seed);
            for (int task = 0; task < train.size(); task++) {
                for (int e = 0; e < size.emojiEpochs(); e++) {
                    List<LabelledText> pass = new ArrayList<>(train.get(task));
                    if (e > 0) {
                        Collections.shuffle(pass, random);
                    }
                    for (List<LabelledText> batch : Schedule.of(pass, BATCH, Integer.MAX_VALUE).batches()) {
                        t.train(batch);
                    }
                }
                score(t.learner(), m, task);
                progress.at(task + 1, "accuracy on task 1 " + SpamExperiment.fmt(m.get(task, 0))
                        + ", mean over tasks seen " + SpamExperiment.fmt(meanSeen(m, task)));
            }
        }
        return m;
    }

    private void score(Learner learner, AccuracyMatrix m, int after) {
        for (int j = 0; j < heldout.size(); j++) {
            List<LabelledText> set = heldout.get(j);
            List<byte[]> features = set.stream().map(t -> prefixes.get(t.text())).toList();
            List<String> predicted = StreamTrainer.argmax(learner.predictFeatures(features), learner.labels());
            m.set(after, j, Scores.of(set.stream().map(LabelledText::label).toList(), predicted).accuracy());
        }
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
        TrainerOptions options = TrainerOptions.defaults(List.of(MODEL), workDir.resolve("emoji-joint"))
                .withDevice("cpu");
        List<LabelledText> all = new ArrayList<>();
        train.forEach(all::addAll);
        Random random = new Random(seed);
        double[] out = new double[train.size()];
        Progress progress = Progress.start("Split-Emoji joint (all tasks shuffled, " + size.jointEpochs()
                + " epochs)", size.jointEpochs());
        try (StreamTrainer t = new StreamTrainer(MODEL, OPEN, settings(ReplayStrategy.NONE, CAPACITY), options,
                new CachingLearnerFactory(options, prefixes))) {
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
                List<String> predicted = StreamTrainer.argmax(learner.predictFeatures(
                        set.stream().map(x -> prefixes.get(x.text())).toList()), learner.labels());
                out[j] = Scores.of(set.stream().map(LabelledText::label).toList(), predicted).accuracy();
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
            out[j] = Scores.of(set.stream().map(LabelledText::label).toList(),
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
        for (int task = 0; task < train.size(); task++) {
            for (LabelledText t : train.get(task)) {
                b.train(t.text(), t.label());
            }
            for (int j = 0; j < heldout.size(); j++) {
                List<LabelledText> set = heldout.get(j);
                m.set(task, j, Scores.of(set.stream().map(LabelledText::label).toList(),
                        b.predict(set.stream().map(LabelledText::text).toList())).accuracy());
            }
        }
        return m;
    }
}
