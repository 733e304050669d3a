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
 */
public record TrainingExample(
        String text, PrefixOutput prefix, int label, float labelWeight, float[] targetLogits, float logitWeight) {

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
        return new TrainingExample(text, prefix, label, weight, targetLogits, logitWeight);
    }

    /** Adds a logit-matching term: {@code weight * mean((logits - target)^2)}. */
    public TrainingExample withTargetLogits(float[] target, float weight) {
        return new TrainingExample(text, prefix, label, labelWeight, target.clone(), weight);
    }
}
