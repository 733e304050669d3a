package io.streamtune.evaluator.scoring;

import io.streamtune.contracts.ModelSpec;
import io.streamtune.evaluator.evaluation.YieldsToEvaluations;
import io.streamtune.evaluator.heldout.HeldoutExample;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import io.streamtune.evaluator.heldout.HeldoutStore;
import io.streamtune.evaluator.heldout.HeldoutStores;
import io.streamtune.model.classifier.Classifier;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Encodes the frozen prefix of every held-out example as it arrives, on a background thread, so that a checkpoint
 * (the first of a model included) only runs its trainable top: the prefix depends on the pretrained base alone, not on
 * any checkpoint. Works in small chunks and stands aside while an evaluation runs (the cores are its). Also drops the
 * cached outputs of examples that left the held-out set.
 */
public final class PrefixBackfill extends YieldsToEvaluations implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PrefixBackfill.class);

    /** A prefix classifier and its key. */
    private record Source(Classifier classifier, String key) {
    }

    /** What a spec gave: a source, or none (full mode, unknown base), until the spec changes. */
    private record Built(ModelSpec spec, Optional<Source> source) {
    }

    private final HeldoutStores stores;
    private final Function<String, Optional<ModelSpec>> specs;
    private final PrefixSources sources;
    private final PrefixCache cache;
    private final int chunk;
    private final Duration idle;
    private final Map<String, Built> byModel = new ConcurrentHashMap<>();
    private final AtomicLong encoded = new AtomicLong();
    private volatile boolean closed;
    private Thread thread;

    public PrefixBackfill(HeldoutStores stores, Function<String, Optional<ModelSpec>> specs, PrefixSources sources,
            PrefixCache cache, int chunk, Duration idle) {
        if (chunk < 1) {
            throw new IllegalArgumentException("streamtune.evaluator.scoring.backfill-chunk must be >= 1, got "
                    + chunk + ".");
        }
        this.stores = stores;
        this.specs = specs;
        this.sources = sources;
        this.cache = cache;
        this.chunk = chunk;
        this.idle = idle;
    }

    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::run, "prefix-backfill");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * One step: the first model with work gets one chunk encoded (or its departed examples dropped). Returns whether
     * anything was encoded; nothing is while an evaluation runs.
     */
    public boolean step() {
        for (String model : stores.models()) {
            if (evaluationRunning()) {
                return false;
            }
            Optional<Source> source = source(model);
            Optional<HeldoutStore> store = stores.find(model);
            if (source.isEmpty() || store.isEmpty()) {
                continue;
            }
            List<HeldoutExample> live = store.get().examples();
            Set<String> kept = new HashSet<>();
            live.forEach(e -> kept.add(e.id()));
            store.get().lastSnapshot().map(HeldoutSnapshot::examples).ifPresent(l -> l.forEach(e -> kept.add(e.id())));
            cache.retainOnly(model, kept);
            List<HeldoutExample> missing = cache.missing(model, source.get().key(), live);
            if (!missing.isEmpty()) {
                List<HeldoutExample> part = missing.subList(0, Math.min(chunk, missing.size()));
                cache.outputs(model, source.get().key(), part, source.get().classifier().inference()::prefix);
                encoded.addAndGet(part.size());
                return true;
            }
        }
        return false;
    }

    /** Held-out examples of the model whose prefix is ready, when its prefix is known ahead of checkpoints. */
    public OptionalInt ready(String model) {
        Built built = byModel.get(model);
        Optional<Source> source = built == null ? Optional.empty() : built.source();
        Optional<HeldoutStore> store = stores.find(model);
        if (source.isEmpty() || store.isEmpty()) {
            return OptionalInt.empty();
        }
        List<HeldoutExample> live = store.get().examples();
        return OptionalInt.of(live.size() - cache.missing(model, source.get().key(), live).size());
    }

    /** Prefixes encoded ahead of evaluations so far. */
    public long encoded() {
        return encoded.get();
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byModel.values().forEach(b -> b.source().ifPresent(s -> s.classifier().close()));
        byModel.clear();
    }

    private void run() {
        while (!closed) {
            try {
                if (!step()) {
                    Thread.sleep(idle.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "Encoding held-out prefixes ahead of evaluations failed; retrying in %s", idle);
                sleepQuietly();
            }
        }
    }

    /** The model's prefix classifier, (re)built when its spec changed; empty without a spec or a frozen prefix. */
    private Optional<Source> source(String model) {
        Optional<ModelSpec> spec = specs.apply(model);
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        Built b = byModel.get(model);
        if (b == null || !sameShape(b.spec(), spec.get())) {
            if (b != null) {
                b.source().ifPresent(s -> s.classifier().close());
            }
            b = new Built(spec.get(), build(spec.get()));
            byModel.put(model, b);
        }
        return b.source();
    }

    private Optional<Source> build(ModelSpec spec) {
        try {
            Optional<Source> s = sources.create(spec).map(c -> new Source(c, c.prefixKey()));
            s.ifPresent(x -> LOG.infof("Encoding held-out prefixes of %s ahead of its checkpoints (prefix key %s)",
                    spec.name(), x.key()));
            return s;
        } catch (Exception e) {
            LOG.warnf("No prefixes ahead of checkpoints for %s (they are computed at evaluation): %s", spec.name(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether two specs give the same prefix (base and training settings). */
    private static boolean sameShape(ModelSpec a, ModelSpec b) {
        return a.baseModel().equals(b.baseModel()) && a.training().equals(b.training());
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(idle.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }
}
