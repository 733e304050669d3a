package io.streamtune.client;

import java.util.Arrays;
import java.util.Map;

/**
 * One text's prediction by one model.
 *
 * @param label         the label with the highest logit
 * @param probabilities softmax of the logits, label → probability, in label order
 * @param logits        the raw scores, in label order (the mean of the text's windows')
 * @param version       the registry version of the model that made it; 0 for a model loaded without one
 * @param checkpointId  that version's checkpoint; null for a model loaded without one
 */
public record Prediction(String label, Map<String, Double> probabilities, float[] logits, int version,
        String checkpointId) {

    /** The probability of {@link #label()}. */
    public double probability() {
        return probabilities.get(label);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p && label.equals(p.label) && probabilities.equals(p.probabilities)
                && Arrays.equals(logits, p.logits) && version == p.version
                && java.util.Objects.equals(checkpointId, p.checkpointId);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(label, probabilities, Arrays.hashCode(logits), version, checkpointId);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s %.2f (version %d)", label, probability(), version);
    }
}
