package io.streamtune.evaluator.heldout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a restart needs besides the snapshot's examples: which snapshot, where to resume on the held-out topic, and
 * how many examples each stratum has seen (so sampling goes on where it stopped).
 *
 * @param offsets per partition of {@code streamtune.<model>.heldout}, the next offset to read
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeldoutState(int schemaVersion, String model, String snapshotId, long sequence, Duration sliceWidth,
        Map<Integer, Long> offsets, List<StratumCount> seen, Instant savedAt) {

    public static final int SCHEMA_VERSION = 1;

    /** How many examples of a stratum the store has seen, kept or not. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StratumCount(String slice, String label, long seen) {
    }

    public HeldoutState {
        offsets = offsets == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(offsets));
        seen = seen == null ? List.of() : List.copyOf(seen);
    }

    Map<Stratum, Long> seenByStratum() {
        Map<Stratum, Long> out = new TreeMap<>();
        seen.forEach(c -> out.put(new Stratum(c.slice(), c.label()), c.seen()));
        return out;
    }
}
