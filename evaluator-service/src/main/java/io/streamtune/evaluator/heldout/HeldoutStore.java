package io.streamtune.evaluator.heldout;

import io.streamtune.contracts.LabelledExample;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One model's held-out set: a {@link StratifiedReservoir} over class x time slice, the next offset per partition of
 * its topic, and the frozen snapshots evaluations score. Thread-safe: the consumer adds while evaluations freeze.
 */
public final class HeldoutStore {

    /** What happened to one record. */
    public enum Outcome { ADDED, REPLACED, NOT_SAMPLED, DUPLICATE, ALREADY_CONSUMED }

    /** A snapshot and the state that goes with it, taken together under the lock. */
    public record Frozen(HeldoutSnapshot snapshot, HeldoutState state) {
    }

    private final String model;
    private final TimeSlices slices;
    private final Clock clock;
    private final StratifiedReservoir reservoir;
    private final Map<Integer, Long> offsets = new HashMap<>();
    private long sequence;
    private boolean examplesChanged;
    private boolean stateChanged;
    private HeldoutSnapshot last;

    public HeldoutStore(String model, int capacity, TimeSlices slices, Clock clock) {
        this.model = model;
        this.slices = slices;
        this.clock = clock;
        this.reservoir = new StratifiedReservoir(capacity);
    }

    /** A store picking up where a saved state and its snapshot left off. */
    public static HeldoutStore restore(HeldoutState state, HeldoutSnapshot snapshot, int capacity, TimeSlices slices,
            Clock clock) {
        HeldoutStore store = new HeldoutStore(state.model(), capacity, slices, clock);
        boolean sameSlices = slices.width().equals(state.sliceWidth());
        List<HeldoutExample> examples = sameSlices ? snapshot.examples() : snapshot.examples().stream()
                .map(e -> new HeldoutExample(e.id(), e.text(), e.label(), e.eventTime(), slices.sliceOf(e.eventTime())))
                .toList();
        // with another slice width the old per-stratum counts no longer apply; the kept examples stand in for them
        store.reservoir.restore(examples, sameSlices ? state.seenByStratum() : Map.of());
        store.offsets.putAll(state.offsets());
        store.sequence = state.sequence();
        boolean intact = sameSlices && store.reservoir.size() == snapshot.size();
        store.last = intact ? snapshot : null;
        store.examplesChanged = !intact;
        store.stateChanged = !intact;
        return store;
    }

    /** Takes in the record at {@code offset} of {@code partition}; records before the next offset are skipped. */
    public synchronized Outcome add(int partition, long offset, LabelledExample example) {
        long next = offsets.getOrDefault(partition, 0L);
        if (offset < next) {
            return Outcome.ALREADY_CONSUMED;
        }
        offsets.put(partition, offset + 1);
        stateChanged = true;
        HeldoutExample e = new HeldoutExample(example.id(), example.text(), example.label(), example.eventTime(),
                slices.sliceOf(example.eventTime()));
        StratifiedReservoir.Outcome o = reservoir.offer(e);
        if (o == StratifiedReservoir.Outcome.ADDED || o == StratifiedReservoir.Outcome.REPLACED) {
            examplesChanged = true;
        }
        return Outcome.valueOf(o.name());
    }

    /** Records that the record at {@code offset} was consumed without an example (it went to the DLQ). */
    public synchronized void skip(int partition, long offset) {
        if (offset >= offsets.getOrDefault(partition, 0L)) {
            offsets.put(partition, offset + 1);
            stateChanged = true;
        }
    }

    /**
     * Freezes the current examples: the last snapshot when they have not changed since, a new one (next id)
     * otherwise. The state returned goes with exactly this snapshot.
     */
    public synchronized Frozen freeze() {
        if (last == null || examplesChanged) {
            sequence++;
            last = new HeldoutSnapshot(model, HeldoutSnapshot.idOf(model, sequence), sequence, clock.instant(),
                    reservoir.examples());
            examplesChanged = false;
        }
        List<HeldoutState.StratumCount> seen = reservoir.seen().entrySet().stream()
                .map(x -> new HeldoutState.StratumCount(x.getKey().slice(), x.getKey().label(), x.getValue()))
                .toList();
        HeldoutState state = new HeldoutState(HeldoutState.SCHEMA_VERSION, model, last.id(), sequence,
                slices.width(), offsets, seen, clock.instant());
        stateChanged = false;
        return new Frozen(last, state);
    }

    /** Whether anything was consumed since the last {@link #freeze()}. */
    public synchronized boolean dirty() {
        return stateChanged || examplesChanged;
    }

    /** The next offset to read per partition. */
    public synchronized Map<Integer, Long> offsets() {
        return new TreeMap<>(offsets);
    }

    public synchronized int size() {
        return reservoir.size();
    }

    public int capacity() {
        return reservoir.capacity();
    }

    public synchronized Map<String, Integer> perClass() {
        Map<String, Integer> out = new TreeMap<>();
        reservoir.sizes().forEach((s, n) -> out.merge(s.label(), n, Integer::sum));
        return out;
    }

    public synchronized Map<String, Integer> perSlice() {
        Map<String, Integer> out = new TreeMap<>();
        reservoir.sizes().forEach((s, n) -> out.merge(s.slice(), n, Integer::sum));
        return out;
    }

    /** Records seen in all (kept or not). */
    public synchronized long seen() {
        return reservoir.seen().values().stream().mapToLong(Long::longValue).sum();
    }

    /** The examples kept now (a copy): what the next snapshot will hold unless more arrive. */
    public synchronized List<HeldoutExample> examples() {
        return reservoir.examples();
    }

    /** The last frozen snapshot (an evaluation may still be scoring it), empty before the first. */
    public synchronized Optional<HeldoutSnapshot> lastSnapshot() {
        return Optional.ofNullable(last);
    }

    /** The id of the last frozen snapshot, null before the first. */
    public synchronized String lastSnapshotId() {
        return last == null ? null : last.id();
    }

    public String model() {
        return model;
    }

    public TimeSlices slices() {
        return slices;
    }
}
