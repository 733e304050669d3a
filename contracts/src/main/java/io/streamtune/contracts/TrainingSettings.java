package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * How the trainer fine-tunes a model. Zero or null fields take the documented defaults.
 *
 * @param fineTuneMode default {@code top-k}
 * @param topK encoder layers trained in {@code top-k} mode, default 2
 * @param batchSize new examples per micro-batch, default 16
 * @param maxWaitMillis longest wait for a micro-batch to fill, default 2000
 * @param learningRate peak learning rate of the encoder, default 5e-5 (the head uses {@code headLearningRate})
 * @param headLearningRate default 5e-3 (chosen on the report's validation slices: new classes are learnt in their own
 *     phase, and under DER++ Split-Emoji forgets least)
 * @param warmupSteps linear warm-up, default 20
 * @param maxSeqLength tokens per window, default 128, at most 512
 * @param maxWindows windows read from a long text, default 1
 * @param replay default {@code der++} (chosen on the report's validation slices: on SpamAssassin it kept the most
 *     through the one-label hard-ham phase, macro-F1 0.967 against reservoir's 0.947; on Split-Emoji it learnt each
 *     new task as well as reservoir and forgot a little less; it costs one more replayed sample per step)
 * @param replayCapacity examples kept, default 2000
 * @param replayRatio replayed examples per new example, default 1.0
 * @param maxSourceShare most of the buffer one source may hold, default 0.5
 * @param checkpointEverySteps default 100
 * @param checkpointEverySeconds while examples keep arriving, a checkpoint at least this often, default 30
 * @param unfreezeEverySteps {@code gradual} mode: steps between two encoder layers joining the trained part, from
 *     the top down to {@code topK}, default 50
 * @param lrDecaySteps time scale of the decay after warm-up: the rates follow {@code sqrt(d / (d + age))}, age counted
 *     in steps from the start or from the newest label (a new class re-warms the rates), default 200
 * @param lrFloor the least fraction of the peak rates the decay goes down to; 1 keeps them constant, default 0.25
 * @param checkpointQuietSeconds when the stream falls quiet (nothing queued) with steps not in a checkpoint yet, a
 *     checkpoint this long after the last step, so the last examples reach the evaluator without waiting for the next
 *     step or time trigger, default 5
 * @param dedupWindow how many of the last trained example ids the trainer remembers: a record whose id is among them
 *     is not trained again (the example id is the idempotency key); kept in every checkpoint, so a resumed trainer
 *     decides exactly as an uninterrupted one; default 100,000 (about 13 MB of heap and 2 MB per checkpoint at
 *     36-character ids)
 * @param linearWeight the weight of a linear half in the model's predictions: hashed TF-IDF of the full text and a
 *     logistic regression ({@link LinearSettings}, the variant's {@code linear}), trained by the same loop on the
 *     same rows as the transformer (new examples and replay); the model predicts {@code (1 - w) · p_transformer +
 *     w · p_linear}; default 0.5 (chosen on the report's validation slices, docs/benchmarks.md "## training
 *     defaults": on SpamAssassin the blend beat both halves and kept the hard-ham stretch, on Split-Emoji it learnt
 *     new tasks better at the same forgetting); 0 trains the transformer alone; at most 0.95
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingSettings(
        FineTuneMode fineTuneMode,
        int topK,
        int batchSize,
        long maxWaitMillis,
        double learningRate,
        double headLearningRate,
        int warmupSteps,
        int maxSeqLength,
        int maxWindows,
        ReplayStrategy replay,
        int replayCapacity,
        double replayRatio,
        double maxSourceShare,
        int checkpointEverySteps,
        int checkpointEverySeconds,
        int unfreezeEverySteps,
        int lrDecaySteps,
        double lrFloor,
        int checkpointQuietSeconds,
        int dedupWindow,
        Double linearWeight) {

    /** {@link #linearWeight}'s default: the mean of both halves' probabilities. */
    public static final double DEFAULT_LINEAR_WEIGHT = 0.5;

    /** The settings without the linear half's weight (which takes its default). */
    public TrainingSettings(FineTuneMode fineTuneMode, int topK, int batchSize, long maxWaitMillis,
            double learningRate, double headLearningRate, int warmupSteps, int maxSeqLength, int maxWindows,
            ReplayStrategy replay, int replayCapacity, double replayRatio, double maxSourceShare,
            int checkpointEverySteps, int checkpointEverySeconds, int unfreezeEverySteps, int lrDecaySteps,
            double lrFloor, int checkpointQuietSeconds, int dedupWindow) {
        this(fineTuneMode, topK, batchSize, maxWaitMillis, learningRate, headLearningRate, warmupSteps, maxSeqLength,
                maxWindows, replay, replayCapacity, replayRatio, maxSourceShare, checkpointEverySteps,
                checkpointEverySeconds, unfreezeEverySteps, lrDecaySteps, lrFloor, checkpointQuietSeconds, dedupWindow,
                null);
    }

    /** The settings without the de-duplication window (which takes its default). */
    public TrainingSettings(FineTuneMode fineTuneMode, int topK, int batchSize, long maxWaitMillis,
            double learningRate, double headLearningRate, int warmupSteps, int maxSeqLength, int maxWindows,
            ReplayStrategy replay, int replayCapacity, double replayRatio, double maxSourceShare,
            int checkpointEverySteps, int checkpointEverySeconds, int unfreezeEverySteps, int lrDecaySteps,
            double lrFloor, int checkpointQuietSeconds) {
        this(fineTuneMode, topK, batchSize, maxWaitMillis, learningRate, headLearningRate, warmupSteps, maxSeqLength,
                maxWindows, replay, replayCapacity, replayRatio, maxSourceShare, checkpointEverySteps,
                checkpointEverySeconds, unfreezeEverySteps, lrDecaySteps, lrFloor, checkpointQuietSeconds, 0);
    }

    /** The settings without the quiet period (which takes its default). */
    public TrainingSettings(FineTuneMode fineTuneMode, int topK, int batchSize, long maxWaitMillis,
            double learningRate, double headLearningRate, int warmupSteps, int maxSeqLength, int maxWindows,
            ReplayStrategy replay, int replayCapacity, double replayRatio, double maxSourceShare,
            int checkpointEverySteps, int checkpointEverySeconds, int unfreezeEverySteps, int lrDecaySteps,
            double lrFloor) {
        this(fineTuneMode, topK, batchSize, maxWaitMillis, learningRate, headLearningRate, warmupSteps, maxSeqLength,
                maxWindows, replay, replayCapacity, replayRatio, maxSourceShare, checkpointEverySteps,
                checkpointEverySeconds, unfreezeEverySteps, lrDecaySteps, lrFloor, 0);
    }

    /** The settings without the schedule fields (which take their defaults). */
    public TrainingSettings(FineTuneMode fineTuneMode, int topK, int batchSize, long maxWaitMillis,
            double learningRate, double headLearningRate, int warmupSteps, int maxSeqLength, int maxWindows,
            ReplayStrategy replay, int replayCapacity, double replayRatio, double maxSourceShare,
            int checkpointEverySteps, int checkpointEverySeconds) {
        this(fineTuneMode, topK, batchSize, maxWaitMillis, learningRate, headLearningRate, warmupSteps, maxSeqLength,
                maxWindows, replay, replayCapacity, replayRatio, maxSourceShare, checkpointEverySteps,
                checkpointEverySeconds, 0, 0, 0);
    }

    public TrainingSettings {
        fineTuneMode = fineTuneMode == null ? FineTuneMode.TOP_K : fineTuneMode;
        topK = topK == 0 ? 2 : topK;
        batchSize = batchSize == 0 ? 16 : batchSize;
        maxWaitMillis = maxWaitMillis == 0 ? 2000 : maxWaitMillis;
        learningRate = learningRate == 0 ? 5e-5 : learningRate;
        headLearningRate = headLearningRate == 0 ? 5e-3 : headLearningRate;
        warmupSteps = warmupSteps == 0 ? 20 : warmupSteps;
        maxSeqLength = maxSeqLength == 0 ? 128 : maxSeqLength;
        maxWindows = maxWindows == 0 ? 1 : maxWindows;
        replay = replay == null ? ReplayStrategy.DER_PP : replay;
        replayCapacity = replayCapacity == 0 ? 2000 : replayCapacity;
        replayRatio = replayRatio == 0 ? 1.0 : replayRatio;
        maxSourceShare = maxSourceShare == 0 ? 0.5 : maxSourceShare;
        checkpointEverySteps = checkpointEverySteps == 0 ? 100 : checkpointEverySteps;
        checkpointEverySeconds = checkpointEverySeconds == 0 ? 30 : checkpointEverySeconds;
        unfreezeEverySteps = unfreezeEverySteps == 0 ? 50 : unfreezeEverySteps;
        lrDecaySteps = lrDecaySteps == 0 ? 200 : lrDecaySteps;
        lrFloor = lrFloor == 0 ? 0.25 : lrFloor;
        checkpointQuietSeconds = checkpointQuietSeconds == 0 ? 5 : checkpointQuietSeconds;
        dedupWindow = dedupWindow == 0 ? 100_000 : dedupWindow;
        linearWeight = linearWeight == null ? DEFAULT_LINEAR_WEIGHT : linearWeight;
        List<Violation> v = new ArrayList<>();
        Rules.range("training.topK", topK, 1, 48, v);
        Rules.range("training.batchSize", batchSize, 1, 1024, v);
        Rules.range("training.maxWaitMillis", maxWaitMillis, 1, 600_000, v);
        Rules.range("training.learningRate", learningRate, 1e-8, 1.0, v);
        Rules.range("training.headLearningRate", headLearningRate, 1e-8, 1.0, v);
        Rules.range("training.warmupSteps", warmupSteps, 0, 1_000_000, v);
        Rules.range("training.maxSeqLength", maxSeqLength, 8, 512, v);
        Rules.range("training.maxWindows", maxWindows, 1, 64, v);
        Rules.range("training.replayCapacity", replayCapacity, 1, 1_000_000, v);
        Rules.range("training.replayRatio", replayRatio, 0.0, 16.0, v);
        Rules.range("training.maxSourceShare", maxSourceShare, 0.01, 1.0, v);
        Rules.range("training.checkpointEverySteps", checkpointEverySteps, 1, 1_000_000, v);
        Rules.range("training.checkpointEverySeconds", checkpointEverySeconds, 1, 86_400, v);
        Rules.range("training.unfreezeEverySteps", unfreezeEverySteps, 1, 1_000_000, v);
        Rules.range("training.lrDecaySteps", lrDecaySteps, 1, 100_000_000, v);
        Rules.range("training.lrFloor", lrFloor, 0.001, 1.0, v);
        Rules.range("training.checkpointQuietSeconds", checkpointQuietSeconds, 1, 86_400, v);
        Rules.range("training.dedupWindow", dedupWindow, 1, 10_000_000, v);
        Rules.range("training.linearWeight", linearWeight, 0.0, 0.95, v);
        ContractViolationException.throwIfAny(v);
    }

    public static TrainingSettings defaults() {
        return new TrainingSettings(null, 0, 0, 0, 0, 0, 0, 0, 0, null, 0, 0, 0, 0, 0);
    }

    public TrainingSettings withFineTuneMode(FineTuneMode mode) {
        return new TrainingSettings(mode, topK, batchSize, maxWaitMillis, learningRate, headLearningRate,
                warmupSteps, maxSeqLength, maxWindows, replay, replayCapacity, replayRatio, maxSourceShare,
                checkpointEverySteps, checkpointEverySeconds, unfreezeEverySteps, lrDecaySteps, lrFloor,
                checkpointQuietSeconds, dedupWindow, linearWeight);
    }

    public TrainingSettings withReplay(ReplayStrategy strategy, int capacity) {
        return new TrainingSettings(fineTuneMode, topK, batchSize, maxWaitMillis, learningRate, headLearningRate,
                warmupSteps, maxSeqLength, maxWindows, strategy, capacity, replayRatio, maxSourceShare,
                checkpointEverySteps, checkpointEverySeconds, unfreezeEverySteps, lrDecaySteps, lrFloor,
                checkpointQuietSeconds, dedupWindow, linearWeight);
    }

    public TrainingSettings withTopK(int layers) {
        return new TrainingSettings(fineTuneMode, layers, batchSize, maxWaitMillis, learningRate, headLearningRate,
                warmupSteps, maxSeqLength, maxWindows, replay, replayCapacity, replayRatio, maxSourceShare,
                checkpointEverySteps, checkpointEverySeconds, unfreezeEverySteps, lrDecaySteps, lrFloor,
                checkpointQuietSeconds, dedupWindow, linearWeight);
    }

    public TrainingSettings withBatchSize(int examples) {
        return new TrainingSettings(fineTuneMode, topK, examples, maxWaitMillis, learningRate, headLearningRate,
                warmupSteps, maxSeqLength, maxWindows, replay, replayCapacity, replayRatio, maxSourceShare,
                checkpointEverySteps, checkpointEverySeconds, unfreezeEverySteps, lrDecaySteps, lrFloor,
                checkpointQuietSeconds, dedupWindow, linearWeight);
    }

    public TrainingSettings withMaxWindows(int windows) {
        return new TrainingSettings(fineTuneMode, topK, batchSize, maxWaitMillis, learningRate, headLearningRate,
                warmupSteps, maxSeqLength, windows, replay, replayCapacity, replayRatio, maxSourceShare,
                checkpointEverySteps, checkpointEverySeconds, unfreezeEverySteps, lrDecaySteps, lrFloor,
                checkpointQuietSeconds, dedupWindow, linearWeight);
    }

    public TrainingSettings withSchedule(int decaySteps, double floor) {
        return new TrainingSettings(fineTuneMode, topK, batchSize, maxWaitMillis, learningRate, headLearningRate,
                warmupSteps, maxSeqLength, maxWindows, replay, replayCapacity, replayRatio, maxSourceShare,
                checkpointEverySteps, checkpointEverySeconds, unfreezeEverySteps, decaySteps, floor,
                checkpointQuietSeconds, dedupWindow, linearWeight);
    }

    public TrainingSettings withLearningRates(double encoder, double head) {
        return new TrainingSettings(fineTuneMode, topK, batchSize, maxWaitMillis, encoder, head,
                warmupSteps, maxSeqLength, maxWindows, replay, replayCapacity, replayRatio, maxSourceShare,
                checkpointEverySteps, checkpointEverySeconds, unfreezeEverySteps, lrDecaySteps, lrFloor,
                checkpointQuietSeconds, dedupWindow, linearWeight);
    }

    public TrainingSettings withReplayRatio(double ratio) {
        return new TrainingSettings(fineTuneMode, topK, batchSize, maxWaitMillis, learningRate, headLearningRate,
                warmupSteps, maxSeqLength, maxWindows, replay, replayCapacity, ratio, maxSourceShare,
                checkpointEverySteps, checkpointEverySeconds, unfreezeEverySteps, lrDecaySteps, lrFloor,
                checkpointQuietSeconds, dedupWindow, linearWeight);
    }

    public TrainingSettings withDedupWindow(int window) {
        return new TrainingSettings(fineTuneMode, topK, batchSize, maxWaitMillis, learningRate, headLearningRate,
                warmupSteps, maxSeqLength, maxWindows, replay, replayCapacity, replayRatio, maxSourceShare,
                checkpointEverySteps, checkpointEverySeconds, unfreezeEverySteps, lrDecaySteps, lrFloor,
                checkpointQuietSeconds, window, linearWeight);
    }

    public TrainingSettings withLinearWeight(double weight) {
        return new TrainingSettings(fineTuneMode, topK, batchSize, maxWaitMillis, learningRate, headLearningRate,
                warmupSteps, maxSeqLength, maxWindows, replay, replayCapacity, replayRatio, maxSourceShare,
                checkpointEverySteps, checkpointEverySeconds, unfreezeEverySteps, lrDecaySteps, lrFloor,
                checkpointQuietSeconds, dedupWindow, weight);
    }

    /** Whether the model has a linear half beside the transformer. */
    public boolean hasLinearHalf() {
        return linearWeight > 0;
    }
}
