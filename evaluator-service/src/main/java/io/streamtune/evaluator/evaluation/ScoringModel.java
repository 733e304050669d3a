package io.streamtune.evaluator.evaluation;

import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import java.util.List;

/** A loaded model: class probabilities for the examples of a snapshot, inference only. */
public interface ScoringModel extends AutoCloseable {

    /** The classes, in the column order of {@link #probabilities}. */
    List<String> labels();

    /** One row per example of the snapshot, in its order. */
    float[][] probabilities(HeldoutSnapshot snapshot);

    @Override
    void close();
}
