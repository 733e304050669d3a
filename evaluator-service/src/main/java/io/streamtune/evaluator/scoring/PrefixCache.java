package io.streamtune.evaluator.scoring;

import io.streamtune.evaluator.heldout.HeldoutExample;
import io.streamtune.model.classifier.PrefixOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Frozen-prefix outputs of held-out examples, per prefix key (= base encoder + frozen depth + tokenizer settings).
 * Every checkpoint and champion that shares a key scores a snapshot by running only its trainable top on these.
 *
 * <p>Filled ahead of the evaluations by {@link PrefixBackfill} (each held-out example once, as it arrives) and by the
 * evaluations themselves for whatever is still missing. Entries of examples that left the held-out set are dropped by
 * {@link #retainOnly}. The byte budget is kept by dropping whole keys, least recently used first; when the current
 * key alone would exceed it, further outputs are computed but not kept (a cache that evicts what the same scan needs
 * next would only thrash).
 */
public final class PrefixCache {

    private final long budgetBytes;
    private final Map<String, Map<String, PrefixOutput>> byKey = new LinkedHashMap<>(8, 0.75f, true);
    private final Map<String, Long> bytesByKey = new HashMap<>();
    private long bytes;
    private long hits;
    private long misses;

    public PrefixCache(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /**
     * The prefix outputs of the examples, in their order; those not cached are computed by {@code compute} (one
     * call, texts in order) and kept while the budget allows.
     */
    public synchronized List<PrefixOutput> outputs(String model, String prefixKey, List<HeldoutExample> examples,
            Function<List<String>, List<PrefixOutput>> compute) {
        String key = key(model, prefixKey);
        Map<String, PrefixOutput> entries = byKey.computeIfAbsent(key, k -> new HashMap<>());
        List<Integer> missing = new ArrayList<>();
        List<PrefixOutput> out = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            PrefixOutput p = entries.get(examples.get(i).id());
            out.add(p);
            if (p == null) {
                missing.add(i);
            }
        }
        hits += examples.size() - missing.size();
        misses += missing.size();
        if (!missing.isEmpty()) {
            List<PrefixOutput> computed = compute.apply(missing.stream().map(i -> examples.get(i).text()).toList());
            for (int j = 0; j < missing.size(); j++) {
                int i = missing.get(j);
                PrefixOutput p = computed.get(j);
                out.set(i, p);
                if (makeRoom(key, p.sizeBytes())) {
                    entries.put(examples.get(i).id(), p);
                    bytes += p.sizeBytes();
                    bytesByKey.merge(key, (long) p.sizeBytes(), Long::sum);
                }
            }
        }
        return out;
    }

    /** The examples whose output under this key is not cached, in their order. */
    public synchronized List<HeldoutExample> missing(String model, String prefixKey, List<HeldoutExample> examples) {
        Map<String, PrefixOutput> entries = byKey.getOrDefault(key(model, prefixKey), Map.of());
        return examples.stream().filter(e -> !entries.containsKey(e.id())).toList();
    }

    /** Drops the model's entries (under every key) of examples not in {@code ids}; returns how many went. */
    public synchronized int retainOnly(String model, Set<String> ids) {
        int dropped = 0;
        for (var keyed : byKey.entrySet()) {
            if (!keyed.getKey().startsWith(model + "|")) {
                continue;
            }
            var it = keyed.getValue().entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                if (!ids.contains(e.getKey())) {
                    bytes -= e.getValue().sizeBytes();
                    bytesByKey.merge(keyed.getKey(), -(long) e.getValue().sizeBytes(), Long::sum);
                    it.remove();
                    dropped++;
                }
            }
        }
        return dropped;
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** Prefix outputs kept, all keys together. */
    public synchronized long entries() {
        return byKey.values().stream().mapToLong(Map::size).sum();
    }

    /** Examples served from the cache so far. */
    public synchronized long hits() {
        return hits;
    }

    /** Examples whose prefix had to be computed so far (ahead of time or during an evaluation). */
    public synchronized long misses() {
        return misses;
    }

    private static String key(String model, String prefixKey) {
        return model + "|" + prefixKey;
    }

    private boolean makeRoom(String current, long needed) {
        var it = byKey.entrySet().iterator();
        while (bytes + needed > budgetBytes && it.hasNext()) {
            var e = it.next();
            if (!e.getKey().equals(current)) {
                bytes -= bytesByKey.getOrDefault(e.getKey(), 0L);
                bytesByKey.remove(e.getKey());
                it.remove();
            }
        }
        return bytes + needed <= budgetBytes;
    }
}
