package io.streamtune.training;

import java.util.List;

/**
 * What a learner's step did.
 *
 * @param applied false when the loss was not finite: the batch taught nothing
 * @param poisoned true when the weights may hold non-finite values (a non-finite gradient got through): the loop
 *     must roll back
 * @param loss the loss before the update (NaN when not applied)
 * @param logits per row, the logits before the update (what DER++ stores)
 * @param features per row, the cached features of the frozen part, or null when the learner keeps none
 */
public record StepOutcome(boolean applied, boolean poisoned, double loss, float[][] logits, List<byte[]> features) {
}
