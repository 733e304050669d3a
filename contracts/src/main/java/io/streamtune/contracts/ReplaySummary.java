package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/** What a checkpoint's replay buffer held: strategy, capacity, size and examples per class, bytes in memory. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplaySummary(ReplayStrategy strategy, int capacity, int size, Map<String, Integer> perClass,
        long bytes) {

    public ReplaySummary {
        perClass = perClass == null ? Map.of() : Map.copyOf(perClass);
    }
}
