package io.streamtune.registry.promotion;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the registry counts: decisions by outcome, rejections by failed gate, rollbacks, duplicates, and each
 * model's champion age ({@code streamtune_registry_champion_age_seconds}).
 */
public final class RegistryMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Instant> championSince = new ConcurrentHashMap<>();
    private final Map<String, Integer> quarantinedSources = new ConcurrentHashMap<>();

    public RegistryMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public void decided(Decision d) {
        switch (d.outcome()) {
            case PROMOTED -> counter("streamtune.registry.promotions", d.model()).increment();
            case ROLLED_BACK -> counter("streamtune.registry.rollbacks", d.model()).increment();
            case REJECTED -> d.failedGates().forEach(g -> Counter.builder("streamtune.registry.rejections")
                    .description("Rejected evaluations, by failed gate").tag("model", d.model()).tag("gate", g.wire())
                    .register(registry).increment());
        }
    }

    /** The champion was rolled back by {@link AutoRollbacks} (also counted in {@code streamtune.registry.rollbacks}). */
    public void automaticRollback(String model) {
        Counter.builder("streamtune.registry.rollbacks.automatic")
                .description("Champions rolled back automatically on a monitoring report").tag("model", model)
                .register(registry).increment();
    }

    /** A monitoring report handled, by what came of it ({@link AutoRollbacks.Outcome}). */
    public void monitoringReport(String model, String outcome) {
        Counter.builder("streamtune.registry.monitoring.reports").description("Monitoring reports read, by outcome")
                .tag("model", model).tag("outcome", outcome).register(registry).increment();
    }

    /** A quarantine record written: a source quarantined, released or dropped. */
    public void quarantine(String model, io.streamtune.contracts.SourceQuarantined.State state) {
        Counter.builder("streamtune.registry.quarantines").description("Source quarantine records written, by state")
                .tag("model", model).tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
    }

    /** How many of the model's sources are kept from training now (as last read). */
    public void quarantined(String model, int sources) {
        if (quarantinedSources.put(model, sources) == null) {
            Gauge.builder("streamtune.registry.quarantined.sources", quarantinedSources, m -> m.get(model))
                    .description("Feedback sources of the model quarantined now (kept from training)")
                    .tag("model", model).register(registry);
        }
    }

    /** A re-delivered evaluation that was already decided. */
    public void duplicate(String model) {
        counter("streamtune.registry.duplicates", model).increment();
    }

    /** The champion of a model moved (or was read) with this time. */
    public void champion(String model, Instant updatedAt) {
        if (championSince.put(model, updatedAt) == null) {
            Gauge.builder("streamtune.registry.champion.age", championSince,
                    m -> Duration.between(m.get(model), clock.instant()).toMillis() / 1000.0)
                    .description("Seconds since the model's champion pointer last moved").tag("model", model)
                    .baseUnit("seconds").register(registry);
        }
    }

    private Counter counter(String name, String model) {
        return Counter.builder(name).tag("model", model).register(registry);
    }
}
