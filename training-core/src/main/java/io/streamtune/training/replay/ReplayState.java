package io.streamtune.training.replay;

import io.streamtune.contracts.ReplayStrategy;
import java.util.List;
import java.util.Map;

/** A replay buffer as a checkpoint stores it: its items, its counters and its random generator's state. */
public record ReplayState(ReplayStrategy strategy, int capacity, int maxPerSource, long rngState, long seen,
        Map<String, Long> seenPerClass, Map<String, Long> seenPerSource, List<ReplayItem> items) {
}
