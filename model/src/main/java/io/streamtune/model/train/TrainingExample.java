package io.streamtune.model.train;

import io.streamtune.model.classifier.PrefixOutput;

/**
 * One example of a training batch: a text, or the cached output of the frozen prefix for it,
 * with what the loss should pull it towards.
 *
 * @param text the text, or null when {@code prefix} is given
 * @param prefix the cached prefix output, or null when {@code text} is given
 * @param label index of the true label, or -1 for none (a logit-only replay example)
 * @param labelWeight weight of the cross-entropy term
 * @param targetLogits logits to match (DER++: those stored when the example entered the buffer),
 *     possibly shorter than today's label count, or null
 * @param logitWeight weight of the logit-matching (MSE) term
 * @param batchLabelsOnly whether this example's cross-entropy competes only among the labels of the batch's examples
 *     that carry this flag (ER-ACE's asymmetric loss for incoming examples, Caccia et al., 2022), instead of every
 *     label of the head
 */
public record TrainingExample(String text, PrefixOutput prefix, int label, float labelWeight, float[] targetLogits,
        float logitWeight, boolean batchLabelsOnly) {

    public TrainingExample(
            String text, PrefixOutput prefix, int label, float labelWeight, float[] targetLogits, float logitWeight) {
        this(text, prefix, label, labelWeight, targetLogits, logitWeight, false);
    }

    public TrainingExample {
        if ((text == null) == (prefix == null)) {
            throw new IllegalArgumentException("a training example needs exactly one of text and prefix.");
        }
        if (label < -1) {
            throw new IllegalArgumentException("label must be a label index or -1 but was " + label + ".");
        }
        if (label == -1 && targetLogits == null) {
            throw new IllegalArgumentException("an example without a label needs target logits.");
        }
        if (labelWeight < 0 || logitWeight < 0) {
            throw new IllegalArgumentException(
                    "weights must be >= 0 but were " + labelWeight + " and " + logitWeight + ".");
        }
    }

    /** A new labelled text. */
    public static TrainingExample of(String text, int label) {
        return new TrainingExample(text, null, label, 1f, null, 0f);
    }

    /** A labelled example from its cached prefix output (replay in head / top-k modes). */
    public static TrainingExample of(PrefixOutput prefix, int label) {
        return new TrainingExample(null, prefix, label, 1f, null, 0f);
    }

    public TrainingExample withLabelWeight(float weight) {
        return new TrainingExample(text, prefix, label, weight, targetLogits, logitWeight, batchLabelsOnly);
    }

    /** Adds a logit-matching term: {@code weight * mean((logits - target)^2)}. */
    public TrainingExample withTargetLogits(float[] target, float weight) {
        return new TrainingExample(text, prefix, label, labelWeight, target.clone(), weight, batchLabelsOnly);
    }

    /** Restricts this example's cross-entropy to the labels of the batch's flagged examples (ER-ACE). */
    public TrainingExample withBatchLabelsOnly(boolean value) {
        return new TrainingExample(text, prefix, label, labelWeight, targetLogits, logitWeight, value);
    }
}
