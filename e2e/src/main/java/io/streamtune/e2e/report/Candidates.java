package io.streamtune.e2e.report;

import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.LinearSettings;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.training.TrainerOptions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Every named streaming configuration of the report, per experiment, in one place: the report's runs, the windowed run
 * and the validation mode's candidates are all looked up here. A candidate changes the experiment's base settings (the
 * product's {@link TrainingSettings#defaults()}; Split-Emoji's buffer at {@link EmojiExperiment#CAPACITY}) and base
 * options (the trainer's {@link TrainerOptions#defaults} on CPU). To add one, put a line in {@link #spam()} or
 * {@link #emoji()}; {@code --candidates} and {@code --emoji-runs} take its name at once.
 */
final class Candidates {

    /**
     * One configuration.
     *
     * @param description its name for people, in tables and legends
     * @param settings applied to the experiment's base settings
     * @param options applied to the experiment's base options
     * @param linear the linear half's settings, where the settings weigh one
     */
    record Candidate(String description, UnaryOperator<TrainingSettings> settings,
            UnaryOperator<TrainerOptions> options, LinearSettings linear) {

        Candidate(String description, UnaryOperator<TrainingSettings> settings,
                UnaryOperator<TrainerOptions> options) {
            this(description, settings, options, LinearSettings.defaults());
        }

        TrainingSettings settingsFrom(TrainingSettings base) {
            return settings.apply(base);
        }

        TrainerOptions optionsFrom(TrainerOptions base) {
            return options.apply(base);
        }
    }

    static final String DEFAULT = "default";
    static final String WINDOWED = "windowed";
    /**
     * The SpamAssassin runs of the report (the windowed run comes on top, unless {@code --no-windowed}); DER++ is the
     * default's strategy, so it is not run twice.
     */
    static final List<String> SPAM_REPORT = List.of(DEFAULT, "gradual", "naive", "reservoir", "reservoir_ace");
    /** What {@code --validation} compares when {@code --candidates} is not given. */
    static final List<String> VALIDATION = List.of(DEFAULT, "reservoir", "reservoir_ace", "class_balanced", "derpp",
            "gradual");

    // before SPAM and EMOJI: their builders read it
    private static final Map<ReplayStrategy, String> DESCRIPTIONS = Map.of(ReplayStrategy.NONE, "naive (replay off)",
            ReplayStrategy.RESERVOIR, "reservoir replay", ReplayStrategy.CLASS_BALANCED, "class-balanced replay",
            ReplayStrategy.DER_PP, "DER++");
    private static final Map<String, Candidate> SPAM = spam();
    private static final Map<String, Candidate> EMOJI = emoji();

    private Candidates() {
    }

    /** The SpamAssassin candidates; comparisons keep the base's buffer. */
    private static Map<String, Candidate> spam() {
        Map<String, Candidate> m = common();
        for (ReplayStrategy s : List.of(ReplayStrategy.RESERVOIR, ReplayStrategy.CLASS_BALANCED, ReplayStrategy.DER_PP)) {
            m.put(strategyName(s) + "_ace", replay(s, 0, true));
        }
        m.put(WINDOWED, new Candidate("default settings, 4 windows (first 512 tokens)",
                s -> s.withMaxWindows(SpamExperiment.WINDOWS), o -> o));
        m.put("windows2", new Candidate("default settings, 2 windows (first 256 tokens)",
                s -> s.withMaxWindows(2), o -> o));
        return Collections.unmodifiableMap(m);
    }

    /** The Split-Emoji candidates: each strategy at the experiment's buffer and at a larger one, with and without ACE. */
    private static Map<String, Candidate> emoji() {
        Map<String, Candidate> m = common();
        for (ReplayStrategy s : List.of(ReplayStrategy.RESERVOIR, ReplayStrategy.CLASS_BALANCED, ReplayStrategy.DER_PP)) {
            m.put(strategyName(s) + "_" + EmojiExperiment.LARGE_CAPACITY,
                    replay(s, EmojiExperiment.LARGE_CAPACITY, false));
        }
        for (ReplayStrategy s : List.of(ReplayStrategy.RESERVOIR, ReplayStrategy.CLASS_BALANCED, ReplayStrategy.DER_PP)) {
            m.put(strategyName(s) + "_ace", replay(s, 0, true));
        }
        return Collections.unmodifiableMap(m);
    }

    /** The product's defaults, gradual unfreezing on them, and each replay strategy at the base's buffer. */
    private static Map<String, Candidate> common() {
        Map<String, Candidate> m = new LinkedHashMap<>();
        m.put(DEFAULT, new Candidate("default settings", s -> s, o -> o));
        m.put("gradual", new Candidate("default settings, gradual unfreezing",
                s -> s.withFineTuneMode(FineTuneMode.GRADUAL), o -> o));
        for (ReplayStrategy s : List.of(ReplayStrategy.NONE, ReplayStrategy.RESERVOIR, ReplayStrategy.CLASS_BALANCED,
                ReplayStrategy.DER_PP)) {
            m.put(strategyName(s), replay(s, 0, false));
        }
        // one default changed at a time: what each of them is worth on the validation slices (names of the current
        // defaults' own values, such as head5e3 or onelabel_a3, went with the fourth round that adopted them)
        m.put("previous_defaults", new Candidate("the defaults before the validation (reservoir replay, ER-ACE loss "
                + "on, head rate 1e-3, no one-label α)",
                s -> s.withReplay(ReplayStrategy.RESERVOIR, s.replayCapacity()).withLearningRates(s.learningRate(), 1e-3),
                o -> o.withAsymmetricLoss(true).withOneLabelDerAlpha(0.0)));
        m.put("ace", new Candidate("default settings, ER-ACE loss on",
                s -> s, o -> o.withAsymmetricLoss(true)));
        m.put("head1e3", new Candidate("default settings, head learning rate 1e-3",
                s -> s.withLearningRates(s.learningRate(), 1e-3), o -> o));
        m.put("head3e3", new Candidate("default settings, head learning rate 3e-3",
                s -> s.withLearningRates(s.learningRate(), 3e-3), o -> o));
        m.put("lr1e4", new Candidate("default settings, encoder learning rate 1e-4",
                s -> s.withLearningRates(1e-4, s.headLearningRate()), o -> o));
        m.put("constant_lr", new Candidate("default settings, constant learning rate after warm-up",
                s -> s.withSchedule(s.lrDecaySteps(), 1.0), o -> o));
        m.put("unbalanced", new Candidate("default settings, labels not re-weighted",
                s -> s, o -> o.withBalanceLabels(false)));
        m.put("ratio05", new Candidate("default settings, replay ratio 0.5",
                s -> s.withReplayRatio(0.5), o -> o));
        m.put("ratio2", new Candidate("default settings, replay ratio 2",
                s -> s.withReplayRatio(2.0), o -> o));
        m.put("even_half", new Candidate("default settings, half of the replay spread evenly over the buffer's labels",
                s -> s, o -> o.withEvenReplayShare(0.5)));
        m.put("even_all", new Candidate("default settings, replay class-balanced over the buffer's labels",
                s -> s, o -> o.withEvenReplayShare(1.0)));
        m.put("decay50", new Candidate("default settings, rates decaying 4 times faster (sqrt(50 / (50 + age)))",
                s -> s.withSchedule(50, s.lrFloor()), o -> o));
        m.put("decay50_floor01", new Candidate("default settings, rates decaying 4 times faster down to 0.1 of their peak",
                s -> s.withSchedule(50, 0.1), o -> o));
        m.put("derpp_default", new Candidate("default settings with DER++ replay",
                s -> s.withReplay(ReplayStrategy.DER_PP, s.replayCapacity()), o -> o));
        m.put("derpp_a01", new Candidate("default settings with DER++ replay, α = 0.1",
                s -> s.withReplay(ReplayStrategy.DER_PP, s.replayCapacity()), o -> o.withDer(0.1, o.derBeta())));
        m.put("onelabel_off", new Candidate("default settings, DER++'s usual α in one-label steps too",
                s -> s, o -> o.withOneLabelDerAlpha(0.0)));
        m.put("onelabel_a1", new Candidate("default settings, DER++ α = 1 in one-label steps",
                s -> s, o -> o.withOneLabelDerAlpha(1.0)));
        m.put("onelabel_a2", new Candidate("default settings, DER++ α = 2 in one-label steps",
                s -> s, o -> o.withOneLabelDerAlpha(2.0)));
        m.put("onelabel_all", new Candidate("default settings, the one-label α on every remembered logit (the "
                + "stretch's own label's too, as before 2026-12-07)", s -> s, o -> o.withOneLabelAlphaOnOthers(false)));
        m.put("onelabel_a5", new Candidate("default settings, one-label α = 5",
                s -> s, o -> o.withOneLabelDerAlpha(5.0)));
        m.put("topk3", new Candidate("default settings, top 3 encoder layers trained",
                s -> s.withTopK(3), o -> o));
        m.put("batch8", new Candidate("default settings, micro-batches of 8 new examples",
                s -> s.withBatchSize(8), o -> o));
        m.put("batch32", new Candidate("default settings, micro-batches of 32 new examples",
                s -> s.withBatchSize(32), o -> o));
        m.put("no_linear", new Candidate("default settings, the transformer alone (no linear half)",
                s -> s.withLinearWeight(0), o -> o));
        for (int w : new int[] {30, 50, 70}) {
            for (double lr : new double[] {0.1, 0.5}) {
                m.put("linear" + w + (lr == 0.5 ? "" : "_lr01"), new Candidate("default settings with a linear half "
                        + "(hashed TF-IDF + LR, AdaGrad lr " + lr + ") of weight " + w / 100.0,
                        s -> s.withLinearWeight(w / 100.0), o -> o, LinearSettings.defaults().withLearningRate(lr)));
            }
        }
        m.put("derpp_a05", new Candidate("default settings with DER++ replay, α = 0.5",
                s -> s.withReplay(ReplayStrategy.DER_PP, s.replayCapacity()), o -> o.withDer(0.5, o.derBeta())));
        return m;
    }

    /**
     * A replay comparison as the report has always run it: the base with another replay strategy, the whole buffer
     * open to the report's single source (the default source share of 0.5 would halve it), ER-ACE's loss only when
     * asked.
     *
     * @param capacity slots, 0 for the base's
     */
    private static Candidate replay(ReplayStrategy strategy, int capacity, boolean ace) {
        String description = DESCRIPTIONS.get(strategy) + (capacity > 0 ? ", buffer " + capacity : "")
                + (ace ? " + ER-ACE loss" : "");
        return new Candidate(description, s -> wholeBuffer(s.withReplay(strategy,
                capacity > 0 ? capacity : s.replayCapacity())), o -> o.withAsymmetricLoss(ace));
    }

    private static String strategyName(ReplayStrategy s) {
        return switch (s) {
            case NONE -> "naive";
            case RESERVOIR -> "reservoir";
            case CLASS_BALANCED -> "class_balanced";
            case DER_PP -> "derpp";
        };
    }

    /** {@code s} with a source share of 1: one source may fill the whole buffer. */
    static TrainingSettings wholeBuffer(TrainingSettings s) {
        return new TrainingSettings(s.fineTuneMode(), s.topK(), s.batchSize(), s.maxWaitMillis(), s.learningRate(),
                s.headLearningRate(), s.warmupSteps(), s.maxSeqLength(), s.maxWindows(), s.replay(),
                s.replayCapacity(), s.replayRatio(), 1.0, s.checkpointEverySteps(), s.checkpointEverySeconds(),
                s.unfreezeEverySteps(), s.lrDecaySteps(), s.lrFloor(), s.checkpointQuietSeconds(), s.dedupWindow(),
                s.linearWeight());
    }

    static Map<String, Candidate> spamCandidates() {
        return SPAM;
    }

    static Map<String, Candidate> emojiCandidates() {
        return EMOJI;
    }

    /** The settings a run trains with, in one line for progress output. */
    static String summary(TrainingSettings s, TrainerOptions o) {
        String mode = switch (s.fineTuneMode()) {
            case TOP_K -> "top-" + s.topK();
            case GRADUAL -> "gradual to top-" + s.topK() + ", a layer every " + s.unfreezeEverySteps() + " steps";
            default -> s.fineTuneMode().wire();
        };
        String replay = s.replay() == ReplayStrategy.NONE ? "replay off"
                : "replay " + s.replay().wire() + " " + s.replayCapacity() + " x" + s.replayRatio()
                        + (s.maxSourceShare() < 1 ? " (a source at most " + s.maxSourceShare() + " of it once there are"
                        + " two)" : "")
                        + (o.evenReplayShare() > 0 ? ", " + o.evenReplayShare() + " of it spread over the labels" : "");
        return "MiniLM " + mode + ", " + s.maxSeqLength() + " tokens x " + s.maxWindows() + ", batch " + s.batchSize()
                + (s.hasLinearHalf() ? ", linear half " + s.linearWeight() : "") + ", " + replay
                + (o.balanceLabels() ? "" : ", labels not re-weighted")
                + (o.asymmetricLoss() && s.replay() != ReplayStrategy.NONE ? ", ER-ACE loss" : "");
    }

    /** The candidate called {@code name} of an experiment, or an error naming the ones there are. */
    static Candidate get(Map<String, Candidate> of, String name, String flag) {
        Candidate c = of.get(name);
        if (c == null) {
            throw new IllegalArgumentException(flag + ": no configuration '" + name + "'; there are " + of.keySet());
        }
        return c;
    }

    /** A run's name for people: its candidate's description, else {@code fallback}. */
    static String describe(String run, String fallback) {
        Candidate c = SPAM.containsKey(run) ? SPAM.get(run) : EMOJI.get(run);
        return c != null ? c.description() : fallback;
    }
}
