package io.streamtune.model.train;

/**
 * AdamW with linear warm-up and gradient clipping.
 *
 * @param headLearningRate learning rate of the classification head (default 1e-3)
 * @param encoderLearningRate learning rate of trainable encoder layers (default 5e-5)
 * @param beta1 first-moment decay
 * @param beta2 second-moment decay
 * @param epsilon added to the root of the second moment
 * @param weightDecay decoupled weight decay of matrices (biases and LayerNorm are not decayed)
 * @param warmupSteps steps over which the rates rise linearly from 0
 * @param clipNorm global gradient norm cap; 0 turns clipping off
 * @param decaySteps time scale of the decay after warm-up, {@code sqrt(d / (d + age))}; 0 keeps the rates constant
 *     (and is what a checkpoint written before the schedule existed reads as)
 * @param floor the least fraction of the peak rates the decay goes down to
 */
public record OptimizerSettings(
        float headLearningRate,
        float encoderLearningRate,
        float beta1,
        float beta2,
        float epsilon,
        float weightDecay,
        int warmupSteps,
        float clipNorm,
        int decaySteps,
        float floor) {

    public OptimizerSettings {
        if (!(headLearningRate > 0) || !(encoderLearningRate > 0)) {
            throw new IllegalArgumentException(
                    "learning rates must be > 0 but were " + headLearningRate + " and " + encoderLearningRate + ".");
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("betas must be in [0, 1) but were " + beta1 + ", " + beta2 + ".");
        }
        if (!(epsilon > 0) || weightDecay < 0 || warmupSteps < 0 || clipNorm < 0 || decaySteps < 0) {
            throw new IllegalArgumentException(
                    "epsilon must be > 0 and weightDecay, warmupSteps, clipNorm, decaySteps >= 0.");
        }
        if (decaySteps > 0 && !(floor > 0 && floor <= 1)) {
            throw new IllegalArgumentException("the rate floor must be in (0, 1] but was " + floor + ".");
        }
    }

    public static OptimizerSettings defaults() {
        return new OptimizerSettings(1e-3f, 5e-5f, 0.9f, 0.999f, 1e-8f, 0.01f, 100, 1.0f, 0, 1f);
    }

    public OptimizerSettings withLearningRates(float head, float encoder) {
        return new OptimizerSettings(head, encoder, beta1, beta2, epsilon, weightDecay, warmupSteps, clipNorm,
                decaySteps, floor);
    }

    public OptimizerSettings withWarmupSteps(int steps) {
        return new OptimizerSettings(headLearningRate, encoderLearningRate, beta1, beta2, epsilon, weightDecay, steps, clipNorm,
                decaySteps, floor);
    }

    public OptimizerSettings withClipNorm(float norm) {
        return new OptimizerSettings(headLearningRate, encoderLearningRate, beta1, beta2, epsilon, weightDecay, warmupSteps, norm,
                decaySteps, floor);
    }

    /** A decay after warm-up: {@code max(floor, sqrt(steps / (steps + age)))}; 0 steps keeps the rates constant. */
    public OptimizerSettings withDecay(int steps, float floorValue) {
        return new OptimizerSettings(headLearningRate, encoderLearningRate, beta1, beta2, epsilon, weightDecay,
                warmupSteps, clipNorm, steps, floorValue);
    }

    /**
     * The fraction of the peak rates for the step about to be taken: the warm-up ramp over the first steps of the run,
     * times the decay over {@code age}, the steps since the newest label's head row appeared (a new class re-warms
     * the rates: it has to be learnt from few examples).
     */
    public float rate(long stepsDone, long age) {
        float decay = decaySteps == 0 ? 1f
                : (float) Math.max(floor, Math.sqrt(decaySteps / (double) (decaySteps + Math.max(0, age - warmupSteps))));
        return warmup(stepsDone) * decay;
    }

    /** The warm-up factor for the step about to be taken (0-based count of steps done). */
    public float warmup(long stepsDone) {
        return warmupSteps == 0 ? 1f : Math.min(1f, (stepsDone + 1) / (float) warmupSteps);
    }
}
