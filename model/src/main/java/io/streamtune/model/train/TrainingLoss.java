package io.streamtune.model.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** The scalar a step minimises, from the batch's logits [N, labels]. */
@FunctionalInterface
public interface TrainingLoss {

    /** Arrays it creates belong to the logits' manager, which the step closes. */
    NDArray compute(NDArray logits, List<TrainingExample> batch);
}
