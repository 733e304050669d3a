package io.streamtune.model.train;

import io.streamtune.model.classifier.PrefixOutput;
import java.util.List;

/**
 * What one training step did.
 *
 * @param step steps done after this one
 * @param loss the loss before the update
 * @param gradientNorm global gradient norm before clipping
 * @param headLearningRate the head's rate used (after warm-up)
 * @param logits the batch's logits before the update, per example (what DER++ stores)
 * @param prefixes per example, the frozen prefix's output (computed for texts, as given for
 *     cached inputs), so the caller can keep it in its replay buffer; null in full mode
 */
public record StepResult(
        long step, float loss, float gradientNorm, float headLearningRate, float[][] logits, List<PrefixOutput> prefixes) {}
