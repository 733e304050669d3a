package io.streamtune.registry.training;

import java.util.Map;
import java.util.Optional;

/** The end offsets of a model's train topic (per partition, the offset its next record will get). */
public interface EndOffsets {

    /** Empty when the topic is missing or the broker did not answer in time. */
    Optional<Map<Integer, Long>> of(String model);
}
