package io.streamtune.training;

import java.util.Map;

/** Where a model's examples come from, seen from the loop: the consumer thread behind its {@link ExampleQueue}. */
public interface ExampleSource {

    /** Commits these positions as the group's offsets, for lag monitoring only (never read back). */
    void commit(Map<Integer, Long> offsets);

    /** The latest known end offset per partition (for the lag). */
    Map<Integer, Long> endOffsets();

    /** Whether the consumer thread is polling. */
    boolean alive();

    /** A source that feeds nothing, for loops driven by hand (tests, benchmarks). */
    ExampleSource NONE = new ExampleSource() {
        @Override
        public void commit(Map<Integer, Long> offsets) {
        }

        @Override
        public Map<Integer, Long> endOffsets() {
            return Map.of();
        }

        @Override
        public boolean alive() {
            return true;
        }
    };
}
