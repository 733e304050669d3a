package io.streamtune.training.djl;

import ai.djl.ndarray.NDArray;
import io.streamtune.model.train.TrainingExample;
import io.streamtune.model.train.TrainingLoss;
import io.streamtune.model.train.WeightedLoss;
import java.util.List;

/**
 * The model's weighted loss (CE + DER++'s logit term), with a guard: a non-finite value aborts the step before the
 * backward pass and the optimizer update, so the batch really is skipped: weights, AdamW moments, the step count (and
 * with it warm-up and the dropout seed) stay as they were. The learner reports the batch as not applied.
 */
final class GuardedLoss implements TrainingLoss {

    @Override
    public NDArray compute(NDArray logits, List<TrainingExample> batch) {
        NDArray value = WeightedLoss.INSTANCE.compute(logits, batch);
        float v = value.getFloat();
        if (Float.isFinite(v)) {
            return value;
        }
        // non-finite logits mean the weights (or a cached input) already hold NaN/Inf: the loop must roll back
        boolean logitsBroken = logits.isNaN().any().getBoolean() || logits.isInfinite().any().getBoolean();
        throw new NonFiniteLoss(v, logitsBroken);
    }

    /** Thrown out of the model's step, before any update, when the loss is not finite. */
    static final class NonFiniteLoss extends RuntimeException {

        private final boolean logitsBroken;

        NonFiniteLoss(float loss, boolean logitsBroken) {
            super("non-finite loss " + loss + (logitsBroken ? " (non-finite logits)" : ""), null, false, false);
            this.logitsBroken = logitsBroken;
        }

        /** Whether the logits themselves were not finite: the weights may be poisoned. */
        boolean logitsBroken() {
            return logitsBroken;
        }
    }
}
