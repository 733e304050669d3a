package io.streamtune.trainer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.training.TrainingListener;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * The loop's events as meters, tagged by model. Rates (examples/s) come from the counters:
 * {@code rate(streamtune_trainer_examples_total[1m])}.
 */
@Singleton
public class MicrometerTrainingListener implements TrainingListener {

    private final MeterRegistry registry;

    MicrometerTrainingListener(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onStep(String model, int examples, int replayed, double loss, long stepNanos) {
        counter("streamtune.trainer.examples", model, "New examples trained on").increment(examples);
        counter("streamtune.trainer.replayed", model, "Replayed examples trained on").increment(replayed);
        Timer.builder("streamtune.trainer.step").description("Time of one training step (learner only)")
                .tag("model", model).publishPercentiles(0.5, 0.99).register(registry)
                .record(stepNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onSkipped(String model, int examples) {
        counter("streamtune.trainer.skipped.batches", model, "Batches skipped for a non-finite loss").increment();
    }

    @Override
    public void onRollback(String model) {
        counter("streamtune.trainer.rollbacks", model, "Rollbacks to the last checkpoint after divergence")
                .increment();
    }

    @Override
    public void onDeadLetter(String model, String reason) {
        counter("streamtune.trainer.dead.letters", model, "Poison records sent to streamtune.dlq").increment();
    }

    @Override
    public void onQuarantined(String model, int records) {
        counter("streamtune.trainer.quarantined", model,
                "Records not trained: their source is quarantined (kept on streamtune.<model>.quarantine)")
                .increment(records);
    }

    @Override
    public void onSourceRemoved(String model, String source, int items) {
        counter("streamtune.trainer.replay.quarantined", model,
                "Replay buffer items taken out because their source was quarantined").increment(items);
    }

    @Override
    public void onDuplicates(String model, int records) {
        counter("streamtune.trainer.duplicates", model, "Records not trained: their example id was trained already")
                .increment(records);
    }

    @Override
    public void onCheckpoint(String model, CheckpointManifest manifest, long writeNanos) {
        counter("streamtune.trainer.checkpoints", model, "Checkpoints written").increment();
        Timer.builder("streamtune.trainer.checkpoint.write").description("Time to write and announce a checkpoint")
                .tag("model", model).register(registry).record(writeNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onCheckpointsDeleted(String model, int checkpoints) {
        counter("streamtune.trainer.checkpoints.deleted", model, "Checkpoints removed from the store by retention "
                + "(superseded, or partial uploads of failed attempts)").increment(checkpoints);
    }

    @Override
    public void onCheckpointFailed(String model, Exception error) {
        counter("streamtune.trainer.checkpoint.failures", model, "Checkpoint writes that failed (retried)")
                .increment();
    }

    @Override
    public void onFenced(String model, Exception reason) {
        counter("streamtune.trainer.fenced", model, "Times another trainer took the model over while this one still "
                + "trained it (its later checkpoints stayed invisible)").increment();
    }

    private Counter counter(String name, String model, String description) {
        return Counter.builder(name).description(description).tag("model", model).register(registry);
    }
}
