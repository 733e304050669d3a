package io.streamtune.evaluator.heldout;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The held-out stores of every model, each restored from its last S3 snapshot the first time it is asked for, and
 * saved back when frozen for an evaluation or when {@link #saveDirty()} runs.
 */
public final class HeldoutStores {

    private static final Logger LOG = Logger.getLogger(HeldoutStores.class);

    private final SnapshotRepository repository;
    private final int capacity;
    private final TimeSlices slices;
    private final Clock clock;
    private final Map<String, HeldoutStore> stores = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> saveLocks = new ConcurrentHashMap<>();

    public HeldoutStores(SnapshotRepository repository, int capacity, TimeSlices slices, Clock clock) {
        this.repository = repository;
        this.capacity = capacity;
        this.slices = slices;
        this.clock = clock;
    }

    /** The model's store, restored from S3 on first use (empty when nothing was saved). */
    public HeldoutStore store(String model) {
        return stores.computeIfAbsent(model, this::restore);
    }

    public Optional<HeldoutStore> find(String model) {
        return Optional.ofNullable(stores.get(model));
    }

    public Set<String> models() {
        return new TreeSet<>(stores.keySet());
    }

    /** Freezes the model's current examples and makes that snapshot durable before returning it. */
    public HeldoutStore.Frozen freezeAndSave(String model) {
        HeldoutStore store = store(model);
        ReentrantLock lock = saveLocks.computeIfAbsent(model, m -> new ReentrantLock());
        lock.lock();
        try {
            HeldoutStore.Frozen frozen = store.freeze();
            repository.save(frozen);
            return frozen;
        } finally {
            lock.unlock();
        }
    }

    /** Saves every store that consumed something since it was last saved; a failure is logged and retried later. */
    public void saveDirty() {
        for (HeldoutStore store : stores.values()) {
            if (store.dirty()) {
                try {
                    freezeAndSave(store.model());
                } catch (RuntimeException e) {
                    LOG.warnf("Could not save the held-out set of %s (will retry): %s", store.model(), e.toString());
                }
            }
        }
    }

    public TimeSlices slices() {
        return slices;
    }

    public int capacity() {
        return capacity;
    }

    private HeldoutStore restore(String model) {
        return repository.readLatest(model).map(f -> {
            HeldoutStore s = HeldoutStore.restore(f.state(), f.snapshot(), capacity, slices, clock);
            LOG.infof("Restored the held-out set of %s: %s examples from snapshot %s, resuming at offsets %s", model,
                    s.size(), f.snapshot().id(), s.offsets());
            return s;
        }).orElseGet(() -> new HeldoutStore(model, capacity, slices, clock));
    }
}
