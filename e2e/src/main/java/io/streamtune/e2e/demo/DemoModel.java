package io.streamtune.e2e.demo;

import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.PromotionPolicy;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;

/** The demo's model: {@code spam}, labels spam / ham, and training settings sized for a 2-core CPU. */
public final class DemoModel {

    public static final String NAME = "spam";

    private DemoModel() {
    }

    /**
     * Top-2 layers + head at 128 tokens (GROUND.md: 0.98 macro-F1 on this corpus, 2-3x cheaper per step than full
     * fine-tuning), micro-batches of 16 with a quarter as many replayed from a class-balanced buffer of 500 (one spam
     * for five ham in 2002; the buffer keeps frozen-prefix outputs, ~100 KB per email, and travels in every
     * checkpoint). A short warm-up and a livelier head (2e-3), so that the first few hundred emails (--quick) already
     * move the model. A checkpoint every 100 steps or 180 s: about five evaluations in a full run (each one takes CPU
     * from the trainer on a small machine). One API key sends everything, so one source may fill the buffer.
     */
    public static ModelSpec spec() {
        TrainingSettings training = new TrainingSettings(FineTuneMode.TOP_K, 2, 16, 2000, 5e-5, 2e-3, 5, 128, 1,
                ReplayStrategy.CLASS_BALANCED, 500, 0.25, 1.0, 100, 180);
        return new ModelSpec(null, 0, null, NAME, LabelSet.closed("spam", "ham"), null, 20_000, 20, 50, training,
                PromotionPolicy.defaults());
    }

    /** One line for the console: what the trainer will do. */
    static String describe(ModelSpec spec) {
        TrainingSettings t = spec.training();
        String mode = t.fineTuneMode() == FineTuneMode.TOP_K ? "top-" + t.topK() + " layers + head"
                : t.fineTuneMode().wire();
        return "labels " + String.join("/", spec.labels().values()) + "; " + mode + ", " + t.maxSeqLength()
                + " tokens, batch " + t.batchSize() + ", " + t.replay().wire() + " replay of " + t.replayCapacity()
                + ", checkpoint every " + t.checkpointEverySteps() + " steps or " + t.checkpointEverySeconds()
                + " s; " + spec.heldoutPercent() + " % held out";
    }
}
