package io.streamtune.training;

import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import java.util.Optional;

/**
 * Values from the trainer's own configuration that win over the model spec's training settings (tests, benchmarks,
 * an operator's emergency brake). Empty means: take the spec's.
 */
public record SettingsOverrides(Optional<FineTuneMode> fineTuneMode, Optional<Integer> topK,
        Optional<Integer> batchSize, Optional<Long> maxWaitMillis, Optional<Double> learningRate,
        Optional<Double> headLearningRate, Optional<Integer> warmupSteps, Optional<Integer> maxSeqLength,
        Optional<Integer> maxWindows, Optional<ReplayStrategy> replay, Optional<Integer> replayCapacity,
        Optional<Double> replayRatio, Optional<Double> maxSourceShare, Optional<Integer> checkpointEverySteps,
        Optional<Integer> checkpointEverySeconds, Optional<Integer> dedupWindow) {

    /** Overrides that leave the de-duplication window to the spec. */
    public SettingsOverrides(Optional<FineTuneMode> fineTuneMode, Optional<Integer> topK,
            Optional<Integer> batchSize, Optional<Long> maxWaitMillis, Optional<Double> learningRate,
            Optional<Double> headLearningRate, Optional<Integer> warmupSteps, Optional<Integer> maxSeqLength,
            Optional<Integer> maxWindows, Optional<ReplayStrategy> replay, Optional<Integer> replayCapacity,
            Optional<Double> replayRatio, Optional<Double> maxSourceShare, Optional<Integer> checkpointEverySteps,
            Optional<Integer> checkpointEverySeconds) {
        this(fineTuneMode, topK, batchSize, maxWaitMillis, learningRate, headLearningRate, warmupSteps, maxSeqLength,
                maxWindows, replay, replayCapacity, replayRatio, maxSourceShare, checkpointEverySteps,
                checkpointEverySeconds, Optional.empty());
    }

    public static SettingsOverrides none() {
        return new SettingsOverrides(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** The spec's settings with these overrides applied; validated like the spec's own. */
    public TrainingSettings apply(TrainingSettings s) {
        return new TrainingSettings(fineTuneMode.orElse(s.fineTuneMode()), topK.orElse(s.topK()),
                batchSize.orElse(s.batchSize()), maxWaitMillis.orElse(s.maxWaitMillis()),
                learningRate.orElse(s.learningRate()), headLearningRate.orElse(s.headLearningRate()),
                warmupSteps.orElse(s.warmupSteps()), maxSeqLength.orElse(s.maxSeqLength()),
                maxWindows.orElse(s.maxWindows()), replay.orElse(s.replay()), replayCapacity.orElse(s.replayCapacity()),
                replayRatio.orElse(s.replayRatio()), maxSourceShare.orElse(s.maxSourceShare()),
                checkpointEverySteps.orElse(s.checkpointEverySteps()),
                checkpointEverySeconds.orElse(s.checkpointEverySeconds()), s.unfreezeEverySteps(), s.lrDecaySteps(),
                s.lrFloor(), s.checkpointQuietSeconds(), dedupWindow.orElse(s.dedupWindow()), s.linearWeight());
    }
}
