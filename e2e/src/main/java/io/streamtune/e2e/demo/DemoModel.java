package io.streamtune.e2e.demo;

import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.PromotionPolicy;
import io.streamtune.contracts.TrainingSettings;

/** The demo's model: {@code spam}, labels spam / ham, and training settings sized for a 2-core CPU. */
public final class DemoModel {

    public static final String NAME = "spam";

    private DemoModel() {
    }

    /**
     * The trainer's default training settings (chosen on validation slices of the report's streams: see
     * docs/benchmarks.md), so the demo shows what a user gets without tuning. Only the checkpoint cadence is the
     * demo's own: every 100 steps or 180 s, about five evaluations in a full run (each one takes CPU from the trainer
     * on a small machine).
     */
    public static ModelSpec spec() {
        return spec(false);
    }

    /**
     * @param sustained a {@code --rate} run: the trainer's default settings, its checkpoint cadence included, since
     *     that run measures freshness, which a 180 s cadence would bound from below
     */
    static ModelSpec spec(boolean sustained) {
        TrainingSettings d = TrainingSettings.defaults();
        if (sustained) {
            return named(d);
        }
        TrainingSettings training = new TrainingSettings(d.fineTuneMode(), d.topK(), d.batchSize(), d.maxWaitMillis(),
                d.learningRate(), d.headLearningRate(), d.warmupSteps(), d.maxSeqLength(), d.maxWindows(), d.replay(),
                d.replayCapacity(), d.replayRatio(), d.maxSourceShare(), 100, 180, d.unfreezeEverySteps(),
                d.lrDecaySteps(), d.lrFloor());
        return named(training);
    }

    private static ModelSpec named(TrainingSettings training) {
        return new ModelSpec(null, 0, null, NAME, LabelSet.closed("spam", "ham"), null, 20_000, 20, 50, training,
                PromotionPolicy.defaults());
    }

    /** The transformer's mode in a few words: {@code top-2 layers + head}. */
    static String describeShort(ModelSpec spec) {
        TrainingSettings t = spec.training();
        return t.fineTuneMode() == FineTuneMode.TOP_K ? "top-" + t.topK() + " layers + head" : t.fineTuneMode().wire();
    }

    /** One line for the console: what the trainer will do. */
    static String describe(ModelSpec spec) {
        TrainingSettings t = spec.training();
        String mode = t.fineTuneMode() == FineTuneMode.TOP_K ? "top-" + t.topK() + " layers + head"
                : t.fineTuneMode().wire();
        return "labels " + String.join("/", spec.labels().values()) + "; " + mode + ", " + t.maxSeqLength()
                + " tokens, batch " + t.batchSize() + ", " + t.replay().wire() + " replay of " + t.replayCapacity()
                + ", checkpoint every " + t.checkpointEverySteps() + " steps or " + t.checkpointEverySeconds()
                + " s; " + spec.heldoutPercent() + " % held out" + (spec.variants().isEmpty() ? "" : "; challengers "
                + spec.variants().stream().map(v -> v.name() + " (" + v.family().wire() + (v.promotable() ? ")"
                        : ", shadow)")).collect(java.util.stream.Collectors.joining(", ")));
    }
}
