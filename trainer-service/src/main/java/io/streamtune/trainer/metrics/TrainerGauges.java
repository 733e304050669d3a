package io.streamtune.trainer.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.streamtune.trainer.TrainerRuntime;
import io.streamtune.training.TrainerStatus;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Gauges read from the loops' status at scrape time: lag, loss, checkpoint age, replay buffer per class, per model this
 * replica owns (registered and removed as the pool hands models over, at each refresh), and the owned-model count an
 * autoscaler can read beside the lag.
 */
@Singleton
public class TrainerGauges {

    private final MeterRegistry registry;
    private final TrainerRuntime runtime;
    private final java.util.Map<String, List<Meter>> perModel = new java.util.concurrent.ConcurrentHashMap<>();
    private MultiGauge replayPerClass;
    private MultiGauge variantCost;
    private MultiGauge variantMemory;

    TrainerGauges(MeterRegistry registry, TrainerRuntime runtime) {
        this.registry = registry;
        this.runtime = runtime;
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder("streamtune.trainer.idle.share", runtime, r -> r.scheduler().idleShare())
                .description("Share of time the training thread waited for batches").register(registry);
        Gauge.builder("streamtune.trainer.owned.models", runtime, r -> r.models().size())
                .description("Models the pool gave this replica").register(registry);
        replayPerClass = MultiGauge.builder("streamtune.trainer.replay.size")
                .description("Examples in the replay buffer, per class").register(registry);
        variantCost = MultiGauge.builder("streamtune.trainer.variant.cpu.seconds.per1000")
                .description("CPU seconds per 1,000 examples trained, per variant of each model").register(registry);
        variantMemory = MultiGauge.builder("streamtune.trainer.variant.memory.bytes")
                .description("Estimated memory of each variant's loop beyond the shared encoder").register(registry);
        refresh();
    }

    /** Per-model gauges, for the models this replica owns now: they come and go with the pool's hand-overs. */
    private void modelGauges() {
        java.util.Set<String> now = new java.util.HashSet<>(runtime.models());
        for (String model : now) {
            perModel.computeIfAbsent(model, this::register);
        }
        for (String gone : new ArrayList<>(perModel.keySet())) {
            if (!now.contains(gone)) {
                perModel.remove(gone).forEach(registry::remove);
            }
        }
    }

    private List<Meter> register(String model) {
        List<Meter> meters = new ArrayList<>();
        meters.add(gauge("streamtune.trainer.consumer.lag", model,
                "Records in the train topic not yet taken by the loop", s -> s.lag()));
        meters.add(gauge("streamtune.trainer.loss", model, "Training loss of the last step", TrainerStatus::lastLoss));
        meters.add(gauge("streamtune.trainer.seconds.since.checkpoint", model, "Seconds since the last checkpoint",
                TrainerStatus::secondsSinceCheckpoint));
        meters.add(gauge("streamtune.trainer.step.count", model, "Steps taken (restored from checkpoints)",
                s -> s.step()));
        meters.add(gauge("streamtune.trainer.replay.bytes", model, "Memory held by the replay buffer",
                s -> s.replay() == null ? 0 : s.replay().bytes()));
        meters.add(gauge("streamtune.trainer.running", model, "1 while the model's loop runs",
                s -> s.state() == TrainerStatus.State.RUNNING ? 1 : 0));
        meters.add(gauge("streamtune.trainer.head.generation", model,
                "Generation of the model's checkpoint head this replica holds (raised at each hand-over)",
                s -> s.generation()));
        return meters;
    }

    /** Brings the per-class gauges up to date (labels come and go with the buffer). */
    @Scheduled(every = "${streamtune.trainer.metrics.refresh:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (replayPerClass == null) {
            return;
        }
        modelGauges();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        List<MultiGauge.Row<?>> cost = new ArrayList<>();
        List<MultiGauge.Row<?>> memory = new ArrayList<>();
        for (TrainerStatus s : runtime.status()) {
            if (s.replay() != null) {
                s.replay().perClass().forEach((label, n) -> rows.add(MultiGauge.Row.of(
                        Tags.of("model", s.model(), "variant", s.variant() == null ? "default" : s.variant(), "label",
                                label), n)));
            }
            if (s.variant() != null) {
                Tags tags = Tags.of("model", s.model(), "variant", s.variant(), "family", s.family().wire());
                cost.add(MultiGauge.Row.of(tags, s.cost().cpuSecondsPer1000()));
                memory.add(MultiGauge.Row.of(tags, s.memoryBytes()));
            }
        }
        replayPerClass.register(rows, true);
        variantCost.register(cost, true);
        variantMemory.register(memory, true);
    }

    private Meter gauge(String name, String model, String description, ToDoubleFunction<TrainerStatus> value) {
        return Gauge.builder(name, runtime, r -> r.status(model).map(value::applyAsDouble).orElse(Double.NaN))
                .description(description).tag("model", model).register(registry);
    }
}
