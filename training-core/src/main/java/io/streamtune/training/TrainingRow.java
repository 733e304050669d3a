package io.streamtune.training;

/**
 * One row of a training step: a new example or a replayed one.
 *
 * @param text the text, or null when {@code features} stands for it
 * @param features the learner's cached output of its frozen part, or null
 * @param label index into the learner's labels
 * @param labelWeight weight of the cross-entropy term
 * @param targetLogits logits to match (DER++), possibly shorter than today's label count, or null
 * @param logitWeight weight of the logit-matching term
 * @param batchLabelsOnly cross-entropy only among the labels of the step's new rows (ER-ACE), not the whole head
 * @param replayed an example from the replay buffer, trained in an earlier step; false for the step's new examples
 *     (a learner that counts statistics of its stream, the linear family's document frequencies, counts only those)
 */
public record TrainingRow(String text, byte[] features, int label, float labelWeight, float[] targetLogits,
        float logitWeight, boolean batchLabelsOnly, boolean replayed) {

    public TrainingRow(String text, byte[] features, int label, float labelWeight, float[] targetLogits,
            float logitWeight) {
        this(text, features, label, labelWeight, targetLogits, logitWeight, false, false);
    }

    public TrainingRow {
        if ((text == null) == (features == null)) {
            throw new IllegalArgumentException("a training row needs exactly one of text and features.");
        }
        if (label < 0) {
            throw new IllegalArgumentException("a training row needs a label index, got " + label);
        }
    }

    public static TrainingRow text(String text, int label, float weight) {
        return new TrainingRow(text, null, label, weight, null, 0f);
    }

    /** The same row with its cached features in place of the text. */
    public TrainingRow withFeatures(byte[] value) {
        return new TrainingRow(null, value, label, labelWeight, targetLogits, logitWeight, batchLabelsOnly, replayed);
    }

    public TrainingRow withBatchLabelsOnly(boolean value) {
        return new TrainingRow(text, features, label, labelWeight, targetLogits, logitWeight, value, replayed);
    }

    /** The same row marked as replayed from the buffer. */
    public TrainingRow asReplayed() {
        return new TrainingRow(text, features, label, labelWeight, targetLogits, logitWeight, batchLabelsOnly, true);
    }
}
