package io.streamtune.training;

import io.streamtune.contracts.SourceQuarantined;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The quarantines a trainer learnt from {@code streamtune.quarantines}: the latest state per model and source. Fed
 * by the topic's reader thread, asked by the training threads; thread-safe.
 */
public final class QuarantineTable implements SourceGate {

    private final Map<String, Map<String, SourceQuarantined>> byModel = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> blocked = new ConcurrentHashMap<>();

    /** Takes in one record of the topic (the latest per key wins). */
    public void apply(SourceQuarantined q) {
        Map<String, SourceQuarantined> sources = byModel.computeIfAbsent(q.model(), m -> new ConcurrentHashMap<>());
        synchronized (sources) {
            sources.put(q.source(), q);
            Set<String> now = new TreeSet<>();
            sources.values().stream().filter(SourceQuarantined::blocks).forEach(s -> now.add(s.source()));
            blocked.put(q.model(), Set.copyOf(now));
        }
    }

    /** A tombstone for {@code <model>/<source>}: the source is forgotten, as if released. */
    public void remove(String model, String source) {
        Map<String, SourceQuarantined> sources = byModel.get(model);
        if (sources != null && sources.containsKey(source)) {
            apply(sources.get(source).to(SourceQuarantined.State.RELEASED, "tombstone", "record deleted"));
        }
    }

    @Override
    public Set<String> blocked(String model) {
        return blocked.getOrDefault(model, Set.of());
    }
}
