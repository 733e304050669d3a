package io.streamtune.training.replay;

import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.ReplaySummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A bounded memory of past examples. Subclasses decide which slot a new example takes; this class keeps the
 * bookkeeping they share: counts per class and per source, the per-source cap, the memory report, sampling, and
 * the state a checkpoint stores.
 *
 * <p>Per-source cap: no source may hold more than {@code maxSourceShare × capacity} slots. When the strategy gives
 * an example of a source at its cap a slot, the example takes one of its own source's slots instead (and while the
 * buffer fills, it enters with the odds of a reservoir over its source's stream), so one noisy client cannot push
 * everyone else out. The cap binds only once a second source has been seen: a model fed by one app uses the whole
 * buffer. With a share of 1 the cap never binds and the strategy runs unchanged. Not thread-safe: the training thread
 * owns it.
 */
public abstract class ReplayBuffer {

    private final int capacity;
    private final int maxPerSource;
    private final List<ReplayItem> slots = new ArrayList<>();
    private final Map<String, Integer> perClass = new TreeMap<>();
    private final Map<String, Integer> perSource = new TreeMap<>();
    private final Map<String, Long> seenPerClass = new TreeMap<>();
    private final Map<String, Long> seenPerSource = new TreeMap<>();
    private Rng rng;
    private long seen;
    private long bytes;

    protected ReplayBuffer(int capacity, double maxSourceShare, long seed) {
        if (capacity < 0) {
            throw new IllegalArgumentException("replay capacity must be >= 0, got " + capacity);
        }
        if (!(maxSourceShare > 0 && maxSourceShare <= 1)) {
            throw new IllegalArgumentException("maxSourceShare must be in (0, 1], got " + maxSourceShare);
        }
        this.capacity = capacity;
        this.maxPerSource = Math.max(1, (int) Math.floor(maxSourceShare * capacity));
        this.rng = new Rng(seed);
    }

    public abstract ReplayStrategy strategy();

    /** {@link #choose} answer: add the item in a new slot. */
    protected static final int APPEND = -1;
    /** {@link #choose} answer: leave the item out. */
    protected static final int DROP = -2;

    /** The strategy's decision for {@code item}: a slot to replace, {@link #APPEND} or {@link #DROP}. */
    protected abstract int choose(ReplayItem item);

    /** Rejects items the strategy cannot use. */
    protected void check(ReplayItem item) {
    }

    /** Considers one new example from the stream (every example of the stream goes through here, once). */
    public final void offer(ReplayItem item) {
        check(item);
        seen++;
        seenPerClass.merge(item.label(), 1L, Long::sum);
        long seenOfSource = seenPerSource.merge(item.source(), 1L, Long::sum);
        if (capacity == 0) {
            return;
        }
        int decision = choose(item);
        int ofSource = perSource.getOrDefault(item.source(), 0);
        if (seenPerSource.size() > 1 && ofSource >= maxPerSource && decision != DROP) {
            // the source is at its cap: it may only take its own slots
            if (decision == APPEND) {
                long j = rng.nextLong(seenOfSource);
                decision = j < ofSource ? nth(s -> s.source().equals(item.source()), (int) j) : DROP;
            } else if (!slots.get(decision).source().equals(item.source())) {
                decision = nth(s -> s.source().equals(item.source()), rng.nextInt(ofSource));
            }
        }
        if (decision == APPEND) {
            append(item);
        } else if (decision >= 0) {
            replace(decision, item);
        }
    }

    /** Up to {@code n} distinct items drawn uniformly at random, in random order. */
    public final List<ReplayItem> sample(int n) {
        return sample(n, item -> true);
    }

    /**
     * Up to {@code n} distinct eligible items chosen so that, together with the step's new examples
     * ({@code newPerLabel}), the step's labels are as balanced as the buffer allows: each pick goes to the label with
     * the fewest examples in the step so far (a tie drawn at random), labels absent from the new examples first; within
     * a label, items are drawn uniformly. A one-label stretch of the stream is thereby trained against the other
     * labels' remembered examples instead of alone.
     */
    public final List<ReplayItem> sampleBalanced(Map<String, Integer> newPerLabel, int n, Predicate<ReplayItem> eligible) {
        return sampleBalanced(newPerLabel, n, 0.0, eligible);
    }

    /**
     * As {@link #sampleBalanced(Map, int, Predicate)}, but the first {@code evenShare × n} picks are spread evenly
     * over every label the buffer holds, the step's own labels included, before the rest balances the step: a
     * one-label stretch then also replays its own label's older examples, so the label keeps what it meant before
     * the stretch (easy ham next to hard ham) instead of being redefined by the stretch alone.
     *
     * @param evenShare in [0, 1]: 0 balances the step only, 1 samples the buffer class-balanced
     */
    public final List<ReplayItem> sampleBalanced(Map<String, Integer> newPerLabel, int n, double evenShare,
            Predicate<ReplayItem> eligible) {
        if (!(evenShare >= 0 && evenShare <= 1)) {
            throw new IllegalArgumentException("evenShare must be in [0, 1], got " + evenShare);
        }
        int even = (int) Math.round(n * evenShare);
        Map<String, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < slots.size(); i++) {
            if (eligible.test(slots.get(i))) {
                byLabel.computeIfAbsent(slots.get(i).label(), l -> new ArrayList<>()).add(i);
            }
        }
        Map<String, Integer> inStep = new TreeMap<>();
        byLabel.keySet().forEach(l -> inStep.put(l, newPerLabel.getOrDefault(l, 0)));
        Map<String, Integer> taken = new TreeMap<>();
        List<ReplayItem> out = new ArrayList<>(Math.max(0, n));
        List<String> fewest = new ArrayList<>();
        while (out.size() < n) {
            boolean spread = out.size() < even;
            fewest.clear();
            int least = Integer.MAX_VALUE;
            for (Map.Entry<String, List<Integer>> e : byLabel.entrySet()) {
                String label = e.getKey();
                if (taken.getOrDefault(label, 0) >= e.getValue().size()) {
                    continue;
                }
                int count = spread ? taken.getOrDefault(label, 0) : inStep.get(label);
                if (count < least) {
                    least = count;
                    fewest.clear();
                }
                if (count == least) {
                    fewest.add(label);
                }
            }
            if (fewest.isEmpty()) {
                break;
            }
            String label = fewest.get(fewest.size() == 1 ? 0 : rng.nextInt(fewest.size()));
            // a partial Fisher-Yates over the label's slots: the k-th pick is uniform among those not yet taken
            List<Integer> idx = byLabel.get(label);
            int k = taken.getOrDefault(label, 0);
            int j = k + rng.nextInt(idx.size() - k);
            int t = idx.get(k);
            idx.set(k, idx.get(j));
            idx.set(j, t);
            out.add(slots.get(idx.get(k)));
            taken.put(label, k + 1);
            inStep.merge(label, 1, Integer::sum);
        }
        return out;
    }

    /** Up to {@code n} distinct eligible items drawn uniformly at random, in random order. */
    public final List<ReplayItem> sample(int n, Predicate<ReplayItem> eligible) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            if (eligible.test(slots.get(i))) {
                idx.add(i);
            }
        }
        int k = Math.min(Math.max(n, 0), idx.size());
        List<ReplayItem> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(idx.size() - i);
            int t = idx.get(i);
            idx.set(i, idx.get(j));
            idx.set(j, t);
            out.add(slots.get(idx.get(i)));
        }
        return out;
    }

    /**
     * Takes every item of {@code source} out (its examples must no longer be replayed: a quarantine); what the
     * buffer has seen of it stays counted. Returns how many items left.
     */
    public final int removeSource(String source) {
        int before = slots.size();
        for (int i = slots.size() - 1; i >= 0; i--) {
            if (slots.get(i).source().equals(source)) {
                count(slots.remove(i), -1);
            }
        }
        return before - slots.size();
    }

    // ---- for subclasses ----------------------------------------------------------------------------------------

    private void append(ReplayItem item) {
        slots.add(item);
        count(item, +1);
    }

    private void replace(int slot, ReplayItem item) {
        count(slots.get(slot), -1);
        slots.set(slot, item);
        count(item, +1);
    }

    /** The slot of the {@code n}-th item (0-based, in slot order) that matches. */
    protected final int nth(Predicate<ReplayItem> which, int n) {
        int seenMatches = 0;
        for (int i = 0; i < slots.size(); i++) {
            if (which.test(slots.get(i)) && seenMatches++ == n) {
                return i;
            }
        }
        throw new IllegalStateException("no item #" + n + " matches in a buffer of " + slots.size());
    }

    protected final Rng rng() {
        return rng;
    }

    protected final long seen() {
        return seen;
    }

    protected final long seenOfClass(String label) {
        return seenPerClass.getOrDefault(label, 0L);
    }

    protected final int countOfClass(String label) {
        return perClass.getOrDefault(label, 0);
    }

    private void count(ReplayItem item, int delta) {
        perClass.merge(item.label(), delta, (a, b) -> a + b == 0 ? null : a + b);
        perSource.merge(item.source(), delta, (a, b) -> a + b == 0 ? null : a + b);
        bytes += delta * item.bytes();
    }

    // ---- reports -----------------------------------------------------------------------------------------------

    public final int capacity() {
        return capacity;
    }

    public final int size() {
        return slots.size();
    }

    /** Examples offered so far (the stream length this buffer has seen). */
    public final long offered() {
        return seen;
    }

    public final int maxPerSource() {
        return maxPerSource;
    }

    public final Map<String, Integer> perClass() {
        return Collections.unmodifiableMap(perClass);
    }

    public final Map<String, Integer> perSource() {
        return Collections.unmodifiableMap(perSource);
    }

    /** Bytes the items hold in memory: bounded by capacity times the largest item. */
    public final long bytes() {
        return bytes;
    }

    public final List<ReplayItem> items() {
        return Collections.unmodifiableList(slots);
    }

    public final ReplaySummary summary() {
        return new ReplaySummary(strategy(), capacity, size(), perClass, bytes);
    }

    // ---- checkpoint state --------------------------------------------------------------------------------------

    /** Everything needed to continue exactly where this buffer is. */
    public final ReplayState state() {
        return new ReplayState(strategy(), capacity, maxPerSource, rng.state(), seen, new TreeMap<>(seenPerClass),
                new TreeMap<>(seenPerSource), List.copyOf(slots));
    }

    /** Replaces this buffer's content with a stored state of the same strategy and capacity. */
    public final void restore(ReplayState state) {
        if (state.strategy() != strategy() || state.capacity() != capacity || state.maxPerSource() != maxPerSource) {
            throw new IllegalArgumentException("stored replay buffer is " + state.strategy().wire() + " with capacity "
                    + state.capacity() + " and " + state.maxPerSource() + " per source, this one is "
                    + strategy().wire() + " with " + capacity + " and " + maxPerSource);
        }
        slots.clear();
        perClass.clear();
        perSource.clear();
        bytes = 0;
        state.items().forEach(this::append);
        seenPerClass.clear();
        seenPerClass.putAll(state.seenPerClass());
        seenPerSource.clear();
        seenPerSource.putAll(state.seenPerSource());
        seen = state.seen();
        rng = new Rng(state.rngState());
    }
}
