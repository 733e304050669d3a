package io.streamtune.trainer.training.djl;

import ai.djl.ndarray.NDArray;
import io.streamtune.model.train.TrainingExample;
import io.streamtune.model.train.TrainingLoss;
import io.streamtune.model.train.WeightedLoss;
import java.util.List;

/**
 * The model's weighted loss (CE + DER++'s logit term), with a guard: a non-finite value is replaced by a loss with
 * zero gradient, so the step cannot write NaN into the weights, and the learner reports the batch as not applied.
 * (The model's trainer still takes its optimizer step with zero gradients: momentum and weight decay move the
 * weights a little, and its step count advances.)
 */
final class GuardedLoss implements TrainingLoss {

    private boolean tripped;

    @Override
    public NDArray compute(NDArray logits, List<TrainingExample> batch) {
        NDArray value = WeightedLoss.INSTANCE.compute(logits, batch);
        if (Float.isFinite(value.getFloat())) {
            return value;
        }
        tripped = true;
        return logits.sum().mul(0f);
    }

    /** Whether the last step's loss was not finite; resets the flag. */
    boolean tripped() {
        boolean t = tripped;
        tripped = false;
        return t;
    }
}
