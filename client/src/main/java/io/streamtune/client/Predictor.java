package io.streamtune.client;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Predictions from the model a registry currently champions, swapped without a pause when it promotes another.
 *
 * <pre>{@code
 * try (RegistryClient registry = RegistryClient.builder(URI.create("http://localhost:8084")).build();
 *         Predictor predictor = Predictor.follow(registry, "spam")) {
 *     Prediction p = predictor.predict("WIN A FREE CRUISE!!!");   // p.label(), p.probability(), p.version()
 * }
 * }</pre>
 *
 * <p>Swaps are atomic: each prediction takes a reference on the model being served when it starts and runs to the end
 * on that model; a swap only changes which model the next predictions take, and the old model is closed when its last
 * prediction in flight releases it. So no prediction fails or mixes two models during a swap, and no prediction waits
 * for one. {@link #follow} downloads, loads and warms up each new champion on a background thread before swapping
 * to it; a version that fails to download or load is logged, the current model keeps serving, and the newest champion
 * is tried again on the next event or after a backoff (2 s doubling to 60 s). Thread-safe.
 */
public final class Predictor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Predictor.class);
    /** How long {@link #follow(RegistryClient, String)} waits for a first champion. */
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    private static final List<String> WARM_UP = List.of("warm-up",
            "A longer warm-up text, so that the first real request does not pay for ONNX Runtime's first runs.");

    private final AtomicReference<Lease> current = new AtomicReference<>();
    private final List<SwapListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    // follow mode only
    private final RegistryClient registry;
    private final String model;
    private final ScheduledExecutorService loader;
    private final CompletableFuture<Void> firstModel = new CompletableFuture<>();
    private final AtomicReference<ChampionEvent> wanted = new AtomicReference<>();
    private volatile long servedGeneration = Long.MIN_VALUE;
    private int failures;
    private volatile Subscription subscription;

    private Predictor(RegistryClient registry, String model) {
        this.registry = registry;
        this.model = model;
        this.loader = registry == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "streamtune-predictor-" + model);
            t.setDaemon(true);
            return t;
        });
    }

    /** Predictions from {@code model}, which the predictor now owns (and closes when swapped out or closed). */
    public static Predictor of(OnnxModel model) {
        Predictor p = new Predictor(null, null);
        p.swapTo(model);
        return p;
    }

    /** {@link #follow(RegistryClient, String, Duration)} waiting up to {@link #DEFAULT_WAIT} for a first champion. */
    public static Predictor follow(RegistryClient registry, String model) throws IOException, TimeoutException {
        return follow(registry, model, DEFAULT_WAIT);
    }

    /**
     * Predictions from {@code model}'s champion, following its promotions and rollbacks: loads the current champion
     * (waiting up to {@code waitForChampion} for one when the model has none yet), then subscribes to the registry's
     * events and swaps to each new champion once it is downloaded, loaded and warmed up.
     *
     * @throws RegistryException.NotFound when the registry does not know the model
     * @throws TimeoutException           when no champion came within {@code waitForChampion}
     * @throws IOException                when the current champion cannot be downloaded or loaded
     */
    public static Predictor follow(RegistryClient registry, String model, Duration waitForChampion)
            throws IOException, TimeoutException {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(model, "model");
        Predictor p = new Predictor(registry, model);
        try {
            Optional<Champion> champion = registry.champion(model);
            if (champion.isPresent()) {
                Champion c = champion.get();
                p.load(c.version(), c.generation());
            } else {
                LOG.info("{} has no champion yet; waiting up to {} s for one", model, waitForChampion.toSeconds());
            }
            p.subscription = registry.subscribe(model, p.servedGeneration, p::onEvent);
            if (champion.isEmpty()) {
                try {
                    p.firstModel.get(waitForChampion.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    throw new TimeoutException(model + " got no champion within " + waitForChampion.toSeconds()
                            + " s");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for a champion of " + model, e);
                } catch (ExecutionException e) {
                    throw new IOException("the first champion of " + model + " failed to load", e.getCause());
                }
            }
            return p;
        } catch (IOException | TimeoutException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** Calls {@code listener} after every swap from now on. */
    public Predictor addSwapListener(SwapListener listener) {
        listeners.add(Objects.requireNonNull(listener));
        return this;
    }

    /**
     * Serves {@code next} from now on: predictions started before keep their model, which is closed after the last
     * of them. The predictor owns {@code next}.
     *
     * @throws IllegalStateException when the predictor is closed (then {@code next} is closed too)
     */
    public void swapTo(OnnxModel next) {
        Objects.requireNonNull(next, "next");
        Lease lease = new Lease(next);
        Lease old = current.getAndSet(lease);
        if (closed) {
            // close() may have run between the check and the set: take the new lease back out
            if (current.compareAndSet(lease, null)) {
                lease.release();
            }
            if (old != null) {
                old.release();
            }
            throw new IllegalStateException("predictor is closed");
        }
        Instant at = Instant.now();
        ModelVersion from = old == null ? null : old.model.version().orElse(null);
        if (old != null) {
            old.release();
        }
        ModelVersion to = next.version().orElse(null);
        LOG.info("serving {} (was {})", to == null ? next.directory() : to, from);
        for (SwapListener l : listeners) {
            try {
                l.swapped(from, to, at);
            } catch (RuntimeException e) {
                LOG.warn("swap listener failed: {}", e.toString());
            }
        }
        firstModel.complete(null);
    }

    /** The version served now; empty for a model loaded without one. */
    public Optional<ModelVersion> version() {
        Lease l = acquire();
        try {
            return l.model.version();
        } finally {
            l.release();
        }
    }

    /** The labels of the model served now. */
    public List<String> labels() {
        Lease l = acquire();
        try {
            return l.model.labels();
        } finally {
            l.release();
        }
    }

    /** One text's prediction. */
    public Prediction predict(String text) {
        return predict(List.of(text)).get(0);
    }

    /** One prediction per text, all from the same model (scored together, in batches). */
    public List<Prediction> predict(List<String> texts) {
        for (String t : texts) {
            Objects.requireNonNull(t, "text");
        }
        Lease l = acquire();
        try {
            float[][] logits = l.model.logits(texts);
            List<String> labels = l.model.labels();
            ModelVersion v = l.model.version().orElse(null);
            List<Prediction> out = new ArrayList<>(texts.size());
            for (float[] row : logits) {
                out.add(prediction(labels, row, v));
            }
            return out;
        } finally {
            l.release();
        }
    }

    static Prediction prediction(List<String> labels, float[] logits, ModelVersion v) {
        double max = Double.NEGATIVE_INFINITY;
        int best = 0;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > max) {
                max = logits[i];
                best = i;
            }
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        Map<String, Double> p = new LinkedHashMap<>();
        for (int i = 0; i < logits.length; i++) {
            p.put(labels.get(i), e[i] / sum);
        }
        return new Prediction(labels.get(best), java.util.Collections.unmodifiableMap(p), logits,
                v == null ? 0 : v.version(), v == null ? null : v.checkpointId());
    }

    /** A reference on the model served now; released by the caller. */
    private Lease acquire() {
        while (true) {
            if (closed) {
                throw new IllegalStateException("predictor is closed");
            }
            Lease l = current.get();
            if (l == null) {
                throw new IllegalStateException("no model loaded yet");
            }
            if (l.tryAcquire()) {
                return l;
            }
            // swapped out and drained between get() and tryAcquire(): the next get() sees its successor
        }
    }

    // ---- follow ----------------------------------------------------------------------------

    /** On the subscription's thread: note the newest champion and let the loader thread catch up with it. */
    private void onEvent(ChampionEvent event) {
        if (!event.hasChampion()) {
            return;
        }
        wanted.accumulateAndGet(event, (a, b) -> a == null || b.generation() > a.generation() ? b : a);
        try {
            loader.execute(this::catchUp);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** On the loader thread: serve the newest champion wanted, unless already served. */
    private void catchUp() {
        ChampionEvent target = wanted.get();
        if (closed || target == null || target.generation() <= servedGeneration) {
            return;
        }
        try {
            Optional<ModelVersion> now = current.get() == null ? Optional.empty() : current.get().model.version();
            if (now.isPresent() && now.get().version() == target.version()) {
                servedGeneration = target.generation();
                return;
            }
            load(target.version(), target.generation());
            failures = 0;
        } catch (IOException | RuntimeException e) {
            if (closed) {
                return;
            }
            long delay = Math.min(60_000L, 2_000L << Math.min(failures, 10));
            failures++;
            LOG.warn("cannot serve {} v{} (generation {}): {}; still serving {}, retrying in {} s", model,
                    target.version(), target.generation(), e.toString(), current.get() == null ? "nothing"
                            : current.get().model, delay / 1000, e);
            try {
                loader.schedule(this::catchUp, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // closing
            }
        }
    }

    /** Download, load, warm up, swap; the generation is served once this returns. */
    private void load(int version, long generation) throws IOException {
        long t0 = System.nanoTime();
        ServingFiles files = registry.download(model, version);
        OnnxModel next = files.load();
        try {
            next.logits(WARM_UP);
        } catch (RuntimeException e) {
            next.close();
            throw e;
        }
        LOG.info("{} ready in {} ms", files.version(), (System.nanoTime() - t0) / 1_000_000);
        swapTo(next);
        servedGeneration = generation;
    }

    /**
     * Stops following, then closes the model once the predictions in flight are done; predictions started after this
     * fail with {@link IllegalStateException}.
     */
    @Override
    public void close() {
        closed = true;
        Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        if (loader != null) {
            loader.shutdownNow();
        }
        Lease l = current.getAndSet(null);
        if (l != null) {
            l.release();
        }
        firstModel.completeExceptionally(new IllegalStateException("predictor closed"));
    }

    /** A model and the count of its holders: the predictor (until swapped out) and each prediction in flight. */
    private static final class Lease {
        final OnnxModel model;
        final AtomicInteger refs = new AtomicInteger(1);

        Lease(OnnxModel model) {
            this.model = model;
        }

        boolean tryAcquire() {
            while (true) {
                int n = refs.get();
                if (n == 0) {
                    return false;
                }
                if (refs.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (refs.decrementAndGet() == 0) {
                model.close();
            }
        }
    }
}
