package io.streamtune.evaluator.heldout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A capped sample of a stream, balanced over strata (class x time slice) — class-balanced reservoir sampling
 * (Chrysakis and Moens, 2020). Until full, everything is kept. Once full, an example of a stratum smaller than the
 * largest takes the place of a random member of a largest stratum, so rare classes and old slices keep their
 * examples; an example of a largest stratum replaces a random member of its own stratum with probability
 * size/seen (Algorithm R within the stratum).
 *
 * <p>The "random" draws are hashes of the example id, so the same stream gives the same sample, across restarts
 * too. Not thread-safe: {@link HeldoutStore} guards it.
 */
final class StratifiedReservoir {

    enum Outcome { ADDED, REPLACED, NOT_SAMPLED, DUPLICATE }

    private final int capacity;
    private final Map<Stratum, List<HeldoutExample>> strata = new TreeMap<>();
    private final Map<Stratum, Long> seen = new TreeMap<>();
    private final Set<String> ids = new HashSet<>();
    private int size;

    StratifiedReservoir(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("streamtune.evaluator.heldout.capacity must be >= 1, got " + capacity
                    + ".");
        }
        this.capacity = capacity;
    }

    Outcome offer(HeldoutExample e) {
        if (ids.contains(e.id())) {
            return Outcome.DUPLICATE;
        }
        Stratum s = Stratum.of(e);
        long n = seen.merge(s, 1L, Long::sum);
        List<HeldoutExample> mine = strata.computeIfAbsent(s, k -> new ArrayList<>());
        if (size < capacity) {
            add(mine, e);
            return Outcome.ADDED;
        }
        int largest = strata.values().stream().mapToInt(List::size).max().orElse(0);
        if (mine.size() < largest) {
            List<Stratum> candidates = strata.entrySet().stream().filter(x -> x.getValue().size() == largest)
                    .map(Map.Entry::getKey).toList();
            Stratum victim = candidates.get((int) Math.floorMod(draw(e.id(), "stratum"), candidates.size()));
            List<HeldoutExample> from = strata.get(victim);
            removeAt(from, (int) Math.floorMod(draw(e.id(), "evict"), from.size()));
            if (from.isEmpty()) {
                strata.remove(victim);
            }
            add(mine, e);
            return Outcome.REPLACED;
        }
        long j = Math.floorMod(draw(e.id(), "keep"), n);
        if (j < mine.size()) {
            removeAt(mine, (int) j);
            add(mine, e);
            return Outcome.REPLACED;
        }
        if (mine.isEmpty()) {
            strata.remove(s);
        }
        return Outcome.NOT_SAMPLED;
    }

    /** Puts back a kept example and its stratum's seen count, as a snapshot recorded them. */
    void restore(List<HeldoutExample> examples, Map<Stratum, Long> seenCounts) {
        for (HeldoutExample e : examples) {
            if (ids.contains(e.id())) {
                continue;
            }
            add(strata.computeIfAbsent(Stratum.of(e), k -> new ArrayList<>()), e);
        }
        while (size > capacity) { // a smaller capacity than the snapshot was taken with
            List<HeldoutExample> largest = strata.values().stream()
                    .max(java.util.Comparator.comparingInt(List::size)).orElseThrow();
            removeAt(largest, largest.size() - 1);
        }
        strata.values().removeIf(List::isEmpty);
        strata.forEach((s, list) -> seen.put(s, Math.max(list.size(), seenCounts.getOrDefault(s, 0L))));
        seenCounts.forEach((s, n) -> seen.merge(s, n, Math::max));
    }

    /** Every kept example, stratum by stratum. */
    List<HeldoutExample> examples() {
        List<HeldoutExample> out = new ArrayList<>(size);
        strata.values().forEach(out::addAll);
        return out;
    }

    Map<Stratum, Long> seen() {
        return new TreeMap<>(seen);
    }

    Map<Stratum, Integer> sizes() {
        Map<Stratum, Integer> out = new TreeMap<>();
        strata.forEach((s, list) -> out.put(s, list.size()));
        return out;
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    private void add(List<HeldoutExample> stratum, HeldoutExample e) {
        stratum.add(e);
        ids.add(e.id());
        size++;
    }

    private void removeAt(List<HeldoutExample> stratum, int i) {
        HeldoutExample gone = stratum.get(i);
        HeldoutExample last = stratum.remove(stratum.size() - 1);
        if (i < stratum.size()) {
            stratum.set(i, last);
        }
        ids.remove(gone.id());
        size--;
    }

    /** A uniform 64-bit draw from the id and a purpose: the first 8 bytes of SHA-256. */
    static long draw(String id, String purpose) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((purpose + '\u0000' + id).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
