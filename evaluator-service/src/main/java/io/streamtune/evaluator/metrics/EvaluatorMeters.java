package io.streamtune.evaluator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.evaluator.evaluation.EvaluationListener;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import io.streamtune.evaluator.heldout.HeldoutStore;
import io.streamtune.evaluator.monitoring.PrequentialMonitor;
import io.streamtune.evaluator.monitoring.PrequentialWindow;
import io.streamtune.evaluator.monitoring.Versions;
import io.streamtune.evaluator.scoring.PrefixBackfill;
import io.streamtune.evaluator.scoring.PrefixCache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@code /q/metrics} shows: held-out sizes and records by outcome, evaluations by status and their duration,
 * and the latest scores of candidate and champion per model.
 */
@ApplicationScoped
public class EvaluatorMeters implements EvaluationListener, PrequentialMonitor.MonitorListener {

    private final MeterRegistry registry;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicReference<CheckpointEvaluated>> latest = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> snapshotSizes = new ConcurrentHashMap<>();
    /** model|role → the version monitored in that role and its latest window scores. */
    private final Map<String, Monitored> monitored = new ConcurrentHashMap<>();

    /** The gauges of one (model, role, version) and the scores they read. */
    private record Monitored(int version, AtomicReference<EvaluationMetrics> scores,
            java.util.List<io.micrometer.core.instrument.Meter> meters) {
    }

    public EvaluatorMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Gauges of a model's held-out set, registered once. */
    public void watch(HeldoutStore store) {
        if (watched.add(store.model())) {
            Gauge.builder("streamtune.evaluator.heldout.examples", store, HeldoutStore::size)
                    .description("Held-out examples kept").tag("model", store.model()).register(registry);
            Gauge.builder("streamtune.evaluator.heldout.seen", store, HeldoutStore::seen)
                    .description("Held-out records seen, kept or not").tag("model", store.model()).register(registry);
        }
    }

    /** The frozen-prefix cache and the background encoder that fills it, registered once. */
    public void watch(PrefixCache cache, PrefixBackfill backfill) {
        Gauge.builder("streamtune.evaluator.prefix.cache.bytes", cache, PrefixCache::bytes).baseUnit("bytes")
                .description("Bytes of cached frozen-prefix outputs").register(registry);
        Gauge.builder("streamtune.evaluator.prefix.cache.entries", cache, PrefixCache::entries)
                .description("Held-out examples with a cached frozen-prefix output (all prefix keys)")
                .register(registry);
        FunctionCounter.builder("streamtune.evaluator.prefix.cache.hits", cache, PrefixCache::hits)
                .description("Examples scored from a cached prefix").register(registry);
        FunctionCounter.builder("streamtune.evaluator.prefix.cache.misses", cache, PrefixCache::misses)
                .description("Prefixes computed (ahead of time or during an evaluation)").register(registry);
        FunctionCounter.builder("streamtune.evaluator.prefix.backfilled", backfill, PrefixBackfill::encoded)
                .description("Prefixes encoded in the background as held-out examples arrived").register(registry);
    }

    /** An evaluation tried again because S3 did not answer (an outage delays evaluations, it never fails them). */
    public void retried(String model) {
        Counter.builder("streamtune.evaluator.evaluation.retries").description("Evaluations tried again because S3 "
                + "did not answer").tag("model", model).register(registry).increment();
    }

    public void heldoutRecord(String model, String outcome) {
        registry.counter("streamtune.evaluator.heldout.records", "model", model, "outcome", outcome).increment();
    }

    @Override
    public void onSnapshotFrozen(CheckpointCreated checkpoint, HeldoutSnapshot snapshot) {
        snapshotSizes.computeIfAbsent(snapshot.model(), m -> registry.gauge("streamtune.evaluator.snapshot.examples",
                Tags.of("model", m), new AtomicInteger())).set(snapshot.size());
    }

    /** From the checkpoint's announcement to its evaluation's publication. */
    public void published(CheckpointEvaluated result, Duration sinceAnnounced) {
        Timer.builder("streamtune.evaluator.latency")
                .description("From CheckpointCreated to CheckpointEvaluated published")
                .tag("model", result.model()).register(registry).record(sinceAnnounced);
    }

    @Override
    public void onEvaluated(CheckpointEvaluated result, Duration scoring) {
        registry.counter("streamtune.evaluator.evaluations", "model", result.model(), "status",
                result.status().name()).increment();
        if (result.status() != CheckpointEvaluated.Status.EVALUATED) {
            return;
        }
        Timer.builder("streamtune.evaluator.scoring").description("Time to score a checkpoint and its champion")
                .tag("model", result.model()).register(registry).record(scoring);
        AtomicReference<CheckpointEvaluated> ref = latest.computeIfAbsent(result.model(), m -> {
            AtomicReference<CheckpointEvaluated> r = new AtomicReference<>(result);
            registerScores(m, "candidate", r);
            registerScores(m, "champion", r);
            return r;
        });
        ref.set(result);
    }

    private void registerScores(String model, String role, AtomicReference<CheckpointEvaluated> ref) {
        Map<String, java.util.function.ToDoubleFunction<EvaluationMetrics>> scores = Map.of(
                "accuracy", EvaluationMetrics::accuracy,
                "macro_f1", EvaluationMetrics::macroF1,
                "log_loss", EvaluationMetrics::logLoss,
                "ece", EvaluationMetrics::expectedCalibrationError,
                "max_forgetting", EvaluationMetrics::maxForgetting);
        scores.forEach((metric, f) -> Gauge.builder("streamtune.evaluator.score", ref, r -> {
            EvaluationMetrics m = "candidate".equals(role) ? r.get().candidate() : r.get().champion();
            return m == null ? Double.NaN : f.applyAsDouble(m);
        }).description("Latest evaluation's scores").tags("model", model, "role", role, "metric", metric)
                .register(registry));
    }

    /**
     * The monitoring window's scores: {@code streamtune.evaluator.monitoring.score} (macro_f1, accuracy, ece,
     * examples) and {@code streamtune.evaluator.monitoring.recall} (per class), tagged model, version and
     * role = champion | previous. A role's gauges of a version no longer in it are removed.
     */
    @Override
    public void onScores(Versions versions, PrequentialWindow.Scores scores) {
        monitored(versions.model(), "champion", versions.champion(), scores.champion());
        if (scores.previous() != null) {
            monitored(versions.model(), "previous", versions.previous(), scores.previous());
        } else {
            Monitored gone = monitored.remove(versions.model() + "|previous");
            if (gone != null) {
                gone.meters().forEach(registry::remove);
            }
        }
    }

    @Override
    public void onReport(io.streamtune.contracts.MonitoringReport report) {
        registry.counter("streamtune.evaluator.monitoring.reports", "model", report.model()).increment();
    }

    private void monitored(String model, String role, int version, EvaluationMetrics scores) {
        Monitored m = monitored.compute(model + "|" + role, (k, old) -> {
            if (old != null && old.version() == version && old.scores().get().perClass().keySet()
                    .containsAll(scores.perClass().keySet())) {
                return old;
            }
            if (old != null) {
                old.meters().forEach(registry::remove);
            }
            AtomicReference<EvaluationMetrics> ref = new AtomicReference<>(scores);
            java.util.List<io.micrometer.core.instrument.Meter> meters = new java.util.ArrayList<>();
            Tags tags = Tags.of("model", model, "version", Integer.toString(version), "role", role);
            Map<String, java.util.function.ToDoubleFunction<EvaluationMetrics>> values = Map.of(
                    "macro_f1", EvaluationMetrics::macroF1,
                    "accuracy", EvaluationMetrics::accuracy,
                    "ece", EvaluationMetrics::expectedCalibrationError,
                    "examples", EvaluationMetrics::count);
            values.forEach((metric, f) -> meters.add(Gauge.builder("streamtune.evaluator.monitoring.score", ref,
                    r -> f.applyAsDouble(r.get())).description("Rolling scores on the latest held-out arrivals")
                    .tags(tags).tag("metric", metric).register(registry)));
            scores.perClass().keySet().forEach(c -> meters.add(Gauge.builder("streamtune.evaluator.monitoring.recall",
                    ref, r -> r.get().perClass().containsKey(c) ? r.get().perClass().get(c).recall() : Double.NaN)
                    .description("Rolling per-class recall on the latest held-out arrivals").tags(tags)
                    .tag("class", c).register(registry)));
            return new Monitored(version, ref, meters);
        });
        m.scores().set(scores);
    }
}
