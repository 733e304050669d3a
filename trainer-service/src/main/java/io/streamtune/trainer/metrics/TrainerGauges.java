package io.streamtune.trainer.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.streamtune.trainer.TrainerRuntime;
import io.streamtune.trainer.config.TrainerConfig;
import io.streamtune.training.TrainerStatus;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Gauges read from the loops' status at scrape time: lag, loss, checkpoint age, replay buffer per class. */
@Singleton
public class TrainerGauges {

    private final MeterRegistry registry;
    private final TrainerRuntime runtime;
    private final TrainerConfig config;
    private MultiGauge replayPerClass;

    TrainerGauges(MeterRegistry registry, TrainerRuntime runtime, TrainerConfig config) {
        this.registry = registry;
        this.runtime = runtime;
        this.config = config;
    }

    void register(@Observes StartupEvent event) {
        for (String model : config.models()) {
            gauge("streamtune.trainer.consumer.lag", model, "Records in the train topic not yet taken by the loop",
                    s -> s.lag());
            gauge("streamtune.trainer.loss", model, "Training loss of the last step", TrainerStatus::lastLoss);
            gauge("streamtune.trainer.seconds.since.checkpoint", model, "Seconds since the last checkpoint",
                    TrainerStatus::secondsSinceCheckpoint);
            gauge("streamtune.trainer.step.count", model, "Steps taken (restored from checkpoints)", s -> s.step());
            gauge("streamtune.trainer.replay.bytes", model, "Memory held by the replay buffer",
                    s -> s.replay() == null ? 0 : s.replay().bytes());
            gauge("streamtune.trainer.running", model, "1 while the model's loop runs",
                    s -> s.state() == TrainerStatus.State.RUNNING ? 1 : 0);
        }
        Gauge.builder("streamtune.trainer.idle.share", runtime, r -> r.scheduler().idleShare())
                .description("Share of time the training thread waited for batches").register(registry);
        replayPerClass = MultiGauge.builder("streamtune.trainer.replay.size")
                .description("Examples in the replay buffer, per class").register(registry);
    }

    /** Brings the per-class gauges up to date (labels come and go with the buffer). */
    @Scheduled(every = "${streamtune.trainer.metrics.refresh:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (replayPerClass == null) {
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (TrainerStatus s : runtime.status()) {
            if (s.replay() != null) {
                s.replay().perClass().forEach((label, n) -> rows.add(MultiGauge.Row.of(
                        Tags.of("model", s.model(), "label", label), n)));
            }
        }
        replayPerClass.register(rows, true);
    }

    private void gauge(String name, String model, String description, ToDoubleFunction<TrainerStatus> value) {
        Gauge.builder(name, runtime, r -> r.status(model).map(value::applyAsDouble).orElse(Double.NaN))
                .description(description).tag("model", model).register(registry);
    }
}
