package io.streamtune.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the loop needs from a model: steps, a growing label map, inference, and files for a checkpoint. The real one
 * is {@code djl.ClassifierLearner}; tests also use a tiny deterministic one so the loop's exactly-once logic can be
 * checked without the encoder. Only the training thread calls it.
 */
public interface Learner extends AutoCloseable {

    /** The label map: index i of a logit row is {@code labels().get(i)}. */
    List<String> labels();

    /** Grows the head for a label not seen before (class-incremental); returns its index. */
    int addLabel(String label);

    /**
     * Grows the head for a label not seen before, its row imprinted from {@code examples} of it (set apart from
     * {@code others}, rows of other labels) where the learner can; returns its index.
     */
    default int addLabel(String label, List<TrainingRow> examples, List<TrainingRow> others) {
        return addLabel(label);
    }

    /** Updates the head row of label {@code index} has had since it was created (how settled its logit is). */
    default long labelUpdates(int index) {
        return Long.MAX_VALUE;
    }

    /** Whether replayed examples can be given as {@link TrainingRow#features()} instead of text. */
    boolean cachesFeatures();

    /** One optimizer step over the rows; a non-finite loss leaves the weights as they were. */
    StepOutcome step(List<TrainingRow> rows);

    /** Logits of texts, [text][label]. */
    float[][] predict(List<String> texts);

    /** What {@link #cachesFeatures()} learners keep per text: the frozen part's output, as bytes. */
    List<byte[]> features(List<String> texts);

    /** Logits from cached features, [row][label]. */
    float[][] predictFeatures(List<byte[]> features);

    /** Writes weights, optimizer state and label map into {@code dir}. */
    void save(Path dir) throws IOException;

    /**
     * The pretrained weights {@link #save}'s files refer to instead of holding them (a delta checkpoint); empty when
     * they hold everything.
     */
    default java.util.Optional<BaseFile> base() {
        return java.util.Optional.empty();
    }

    /**
     * How a checkpoint keeps the replay buffer's {@link #features}: as they are by default; a learner that can compute
     * them again exactly keeps only what it computes them from.
     */
    default io.streamtune.training.replay.StoredFeatures storedFeatures() {
        return io.streamtune.training.replay.StoredFeatures.AS_HELD;
    }

    /** A short description for logs and status: mode, device. */
    String describe();

    @Override
    void close();
}
