package io.streamtune.training;

import java.util.Map;
import java.util.TreeMap;

/** Per partition, the next offset to read: what the loop has taken, trained or not. */
public final class Positions {

    private final TreeMap<Integer, Long> next = new TreeMap<>();

    public Positions(Map<Integer, Long> start) {
        next.putAll(start);
    }

    public void advance(Incoming in) {
        next.merge(in.partition(), in.offset() + 1, Math::max);
    }

    public Map<Integer, Long> snapshot() {
        return Map.copyOf(next);
    }

    public long get(int partition) {
        return next.getOrDefault(partition, 0L);
    }
}
