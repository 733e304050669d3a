package io.streamtune.evaluator.monitoring;

import io.streamtune.contracts.MonitoringReport;
import io.streamtune.evaluator.evaluation.YieldsToEvaluations;
import io.streamtune.evaluator.heldout.HeldoutExample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Scores every held-out example as it arrives with the champion and the version it replaced, into each model's
 * {@link PrequentialWindow}, and publishes a {@link MonitoringReport} every {@code reportEvery} new examples, or after
 * {@code reportInterval} when some arrived. The held-out consumer only queues ({@link #offer}: bounded, the oldest
 * dropped when full); a background thread drains the queue in batches and stands aside while a checkpoint is
 * evaluated (the cores are the evaluation's). A champion pointer that moved starts a new window.
 */
public final class PrequentialMonitor extends YieldsToEvaluations implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PrequentialMonitor.class);

    /** One arrival, waiting to be scored. */
    private record Arrival(int partition, long offset, HeldoutExample example) {
    }

    /** Settings; see {@code EvaluatorConfig.Monitoring}. */
    public record Settings(int window, int reportEvery, Duration reportInterval, int batch, int queue,
            Duration idle) {
    }

    private final VersionModels models;
    private final Consumer<MonitoringReport> publisher;
    private final MonitorListener listener;
    private final Settings settings;
    private final Clock clock;
    private final Map<String, Deque<Arrival>> queues = new LinkedHashMap<>();
    private final Map<String, PrequentialWindow> windows = new HashMap<>();
    private final Map<String, Instant> lastReport = new HashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong scored = new AtomicLong();
    private volatile boolean closed;
    private Thread thread;

    /** Told of every window's scores after a batch and of every report published. */
    public interface MonitorListener {
        MonitorListener NONE = new MonitorListener() {
        };

        default void onScores(Versions versions, PrequentialWindow.Scores scores) {
        }

        default void onReport(MonitoringReport report) {
        }
    }

    public PrequentialMonitor(VersionModels models, Consumer<MonitoringReport> publisher, MonitorListener listener,
            Settings settings, Clock clock) {
        if (settings.window() < 1 || settings.reportEvery() < 1 || settings.batch() < 1 || settings.queue() < 1) {
            throw new IllegalArgumentException("streamtune.evaluator.monitoring.window, report-every, batch and "
                    + "queue must be >= 1, got " + settings + ".");
        }
        this.models = models;
        this.publisher = publisher;
        this.listener = listener;
        this.settings = settings;
        this.clock = clock;
    }

    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::run, "prequential-monitor");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Queues an arriving held-out example; never blocks (a full queue drops its oldest). */
    public void offer(String model, int partition, long offset, HeldoutExample example) {
        synchronized (queues) {
            Deque<Arrival> q = queues.computeIfAbsent(model, m -> new ArrayDeque<>());
            q.addLast(new Arrival(partition, offset, example));
            if (q.size() > settings.queue()) {
                q.removeFirst();
                dropped.incrementAndGet();
            }
            queues.notifyAll();
        }
    }

    /**
     * One step: every model with queued arrivals gets one batch scored; a report goes out where one is due. Returns
     * whether anything was scored; nothing is while a checkpoint is evaluated.
     */
    public boolean step() {
        boolean any = false;
        for (String model : modelsWithWork()) {
            if (evaluationRunning()) {
                return any;
            }
            List<Arrival> batch = take(model);
            if (!batch.isEmpty()) {
                any |= score(model, batch);
            }
        }
        reportDue(false);
        return any;
    }

    /** Publishes a report for every window with new arrivals, due or not (tests, shutdown). */
    public void flush() {
        reportDue(true);
    }

    private boolean score(String model, List<Arrival> batch) {
        Optional<Versions> current;
        try {
            current = models.current(model);
        } catch (RuntimeException e) {
            LOG.warnf("%s: cannot read the champion pointer, %d arrivals not monitored: %s", model, batch.size(),
                    e.getMessage());
            return false;
        }
        if (current.isEmpty()) {
            windows.remove(model);
            return false;
        }
        Versions v = current.get();
        List<HeldoutExample> examples = batch.stream().map(Arrival::example).toList();
        VersionModels.Rows champion;
        try {
            champion = models.champion(model, v.champion(), examples);
        } catch (RuntimeException e) {
            LOG.warnf("%s: champion v%d cannot be scored, %d arrivals not monitored: %s", model, v.champion(),
                    batch.size(), e.getMessage());
            return false;
        }
        VersionModels.Rows previous = null;
        if (v.previous() != null) {
            try {
                previous = models.previous(model, v.previous(), examples);
            } catch (RuntimeException e) {
                LOG.warnf("%s: previous version v%d cannot be scored, monitoring the champion alone: %s", model,
                        v.previous(), e.getMessage());
            }
        }
        PrequentialWindow window = windows.get(model);
        boolean withPrevious = previous != null;
        if (window == null || !window.versions().equals(v) || window.hasPrevious() != withPrevious) {
            window = new PrequentialWindow(settings.window(), v, champion.labels(),
                    withPrevious ? previous.labels() : null);
            windows.put(model, window);
            lastReport.put(model, clock.instant());
        }
        List<PrequentialWindow.Entry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Arrival a = batch.get(i);
            entries.add(new PrequentialWindow.Entry(a.partition(), a.offset(), a.example().label(),
                    a.example().slice(), champion.rows()[i], withPrevious ? previous.rows()[i] : null,
                    a.example().source()));
        }
        window.add(entries);
        scored.addAndGet(batch.size());
        listener.onScores(v, window.scores());
        return true;
    }

    private void reportDue(boolean force) {
        Instant now = clock.instant();
        for (Map.Entry<String, PrequentialWindow> e : new ArrayList<>(windows.entrySet())) {
            PrequentialWindow w = e.getValue();
            if (w.sinceReport() == 0) {
                continue;
            }
            boolean due = force || w.sinceReport() >= settings.reportEvery()
                    || !now.isBefore(lastReport.getOrDefault(e.getKey(), now).plus(settings.reportInterval()));
            if (due) {
                MonitoringReport report = w.report(w.hasPrevious() || w.versions().previous() == null ? null
                        : "previous version v" + w.versions().previous() + " could not be scored");
                lastReport.put(e.getKey(), now);
                try {
                    publisher.accept(report);
                    listener.onReport(report);
                } catch (RuntimeException ex) {
                    LOG.warnf("%s: monitoring report not published (the next one will be): %s", e.getKey(),
                            ex.getMessage());
                }
            }
        }
    }

    private List<String> modelsWithWork() {
        synchronized (queues) {
            return queues.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
        }
    }

    private List<Arrival> take(String model) {
        synchronized (queues) {
            Deque<Arrival> q = queues.get(model);
            List<Arrival> out = new ArrayList<>();
            while (q != null && !q.isEmpty() && out.size() < settings.batch()) {
                out.add(q.removeFirst());
            }
            return out;
        }
    }

    /** Arrivals dropped because the queue was full (scoring fell behind). */
    public long dropped() {
        return dropped.get();
    }

    /** Arrivals scored so far. */
    public long scored() {
        return scored.get();
    }

    /** Arrivals waiting to be scored. */
    public int queued() {
        synchronized (queues) {
            return queues.values().stream().mapToInt(Deque::size).sum();
        }
    }

    private void run() {
        while (!closed) {
            try {
                if (!step()) {
                    synchronized (queues) {
                        if (modelsWithWork().isEmpty() || evaluationRunning()) {
                            queues.wait(settings.idle().toMillis());
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "Monitoring step failed; going on");
            }
        }
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
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
