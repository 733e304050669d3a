package io.streamtune.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.training.RetentionPolicy;
import io.streamtune.training.SettingsOverrides;
import io.streamtune.training.TrainerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code streamtune.trainer.*}: which models, where, and the knobs that are not in the model spec. */
@ConfigMapping(prefix = "streamtune.trainer")
public interface TrainerConfig {

    /**
     * A filter on the pool's models: when set, this replica takes only these (e.g. a GPU pool for some models). Unset:
     * every model whose train topic exists, as the pool's consumer group hands them out.
     */
    Optional<List<String>> models();

    /** {@code auto} (a GPU when the engine sees one), {@code cpu} or {@code gpu}. */
    @WithDefault("auto")
    String device();

    /** Local folder for checkpoints being written or restored. */
    @WithDefault("${java.io.tmpdir}/streamtune-trainer")
    Path workDir();

    /**
     * The trainer pool's consumer group. Its members split the models between them (each model, with all its train
     * topic's partitions, owned by one live member); offsets committed after each checkpoint are for lag monitoring
     * only: a model resumes at its checkpoint's positions.
     */
    @WithDefault("streamtune-trainer")
    String groupId();

    /**
     * This replica's name: in the checkpoint heads it claims (who owns a model, for people and logs) and as its static
     * membership of the pool's group ({@code group.instance.id}): a replica restarted under the same name is back with
     * its models at once, not after the session timeout. Unique per replica. Default: the host name and the process
     * id (Kubernetes: set it to the pod's name).
     */
    Optional<String> instanceId();

    /**
     * A replica that sends the group no heartbeat for this long loses its models to the others (Kafka's
     * {@code session.timeout.ms}; the broker allows 6 s to 5 min by default). Shorter hands a dead replica's models
     * over sooner; too short moves them at every long GC pause.
     */
    @WithDefault("45s")
    Duration sessionTimeout();

    /**
     * How often the pool looks for new train topics (Kafka's {@code metadata.max.age.ms}): a model registered at
     * runtime starts training within about this long plus a rebalance.
     */
    @WithDefault("10s")
    Duration topicDiscovery();

    /** Records queued per model before the consumer pauses its partitions. */
    @WithDefault("1024")
    int queueCapacity();

    /** Seeds the replay buffers, the head's new rows and dropout. */
    @WithDefault("42")
    long seed();

    /** Consecutive non-finite steps that roll a model back to its last checkpoint. */
    @WithDefault("3")
    int divergenceLimit();

    /** DER++ weight of the logit-matching term (alpha; Buzzega et al. used 0.1 to 0.3). */
    @WithDefault("0.2")
    double derAlpha();

    /** DER++ weight of the replayed labels' cross-entropy (beta). */
    @WithDefault("1.0")
    double derBeta();

    /**
     * ER-ACE's asymmetric loss when replay is on, in the steps that bring a label new to the model along with others:
     * those new examples' cross-entropy competes only among the labels of the step's new examples (replayed ones over
     * all labels), so a new class's first gradients do not push the old classes down. Off by default: on the report's
     * validation slices it learnt new Split-Emoji classes late (least new-task accuracy 0.25 on, 0.64 off) and changed
     * nothing on SpamAssassin (docs/benchmarks.md, "e2e validation").
     */
    @WithDefault("false")
    boolean asymmetricLoss();

    /**
     * Each step's replay sample balances the step's labels (those absent from the new examples first) and every
     * label's rows weigh the same: a one-label stretch of feedback (only "ham" for a day) trains against the other
     * labels' remembered examples instead of pulling the model its way.
     */
    @WithDefault("true")
    boolean balanceLabels();

    /**
     * With {@code balance-labels}, the share of each step's replay spread evenly over every label in the buffer (the
     * step's own labels included) before the rest balances the step: a one-label stretch then also replays its own
     * label's older examples. 0 replays only what balances the step.
     */
    @WithDefault("0")
    double evenReplayShare();

    /**
     * DER++'s α in a step whose new examples all carry one label the model has long known (its head row trained for
     * 100 steps or more: a one-label stretch of feedback, not a class still being learnt): above
     * {@code der-alpha}, the other labels' remembered logits are held harder while the stretch lasts. 0 keeps
     * {@code der-alpha}. Default 3 (chosen on the report's validation slices: SpamAssassin keeps 2003's spam through
     * the hard-ham phase; Split-Emoji's classes never get that old).
     */
    @WithDefault("3")
    double oneLabelDerAlpha();

    /**
     * {@code one-label-der-alpha} only on the remembered logits of the other labels' examples; the stretch's own
     * label's examples keep {@code der-alpha}, so they move as freely as in any step. Off: on every remembered logit.
     * Default on (chosen on the report's validation slices, 2026-12-07: on SpamAssassin's hard-ham stretch it learnt
     * more of the hard ham and kept more of 2003's spam; Split-Emoji's classes never get that old).
     */
    @WithDefault("true")
    boolean oneLabelAlphaOnOthers();

    /**
     * Encoders a model spec may name as {@code baseModel} besides the built-in all-MiniLM-L6-v2: name →
     * {@code <model.onnx>,<tokenizer.json>} (paths, URLs or {@code classpath:}). A spec names an encoder; only the
     * operator says where it lives.
     */
    Map<String, String> encoders();

    /** Global gradient-norm cap. */
    @WithDefault("1.0")
    double clipNorm();

    /** Dropout in the trainable part while training. */
    @WithDefault("0.1")
    double dropout();

    /** Liveness fails when the training thread has not turned for this long. */
    @WithDefault("5m")
    Duration livenessTimeout();

    /** How long one read of {@code streamtune.models} may take. */
    @WithDefault("30s")
    Duration specTimeout();

    /** How long shutdown waits for the final checkpoints. */
    @WithDefault("120s")
    Duration shutdownTimeout();

    /** Values that win over the model spec's training settings. */
    Training training();

    /** Which checkpoints stay in the store once the head moved on. */
    Retention retention();

    /**
     * After each head move the model's owner removes the checkpoints nothing needs: all but the last {@code keep-last}
     * on the head's lineage, except the sources of registry versions and anything younger than {@code grace}; and
     * folders without a manifest (partial uploads) older than {@code grace}.
     */
    interface Retention {
        /** Checkpoints kept on the head's lineage, the head included; 0 keeps every checkpoint. */
        @WithDefault("5")
        int keepLast();

        /** Nothing younger is removed: the evaluator or the registry may still read a checkpoint the head just left. */
        @WithDefault("1h")
        Duration grace();
    }

    /** Overrides of {@code TrainingSettings}; unset keys take the spec's value. */
    interface Training {
        /** {@code head}, {@code top-k} or {@code full}. */
        Optional<String> fineTuneMode();

        Optional<Integer> topK();

        Optional<Integer> batchSize();

        Optional<Long> maxWaitMillis();

        Optional<Double> learningRate();

        Optional<Double> headLearningRate();

        Optional<Integer> warmupSteps();

        Optional<Integer> maxSeqLength();

        Optional<Integer> maxWindows();

        /** {@code none}, {@code reservoir}, {@code class-balanced} or {@code der++}. */
        Optional<String> replay();

        Optional<Integer> replayCapacity();

        Optional<Double> replayRatio();

        Optional<Double> maxSourceShare();

        Optional<Integer> checkpointEverySteps();

        Optional<Integer> checkpointEverySeconds();

        /** Trained example ids remembered for de-duplication (the spec's {@code dedupWindow}). */
        Optional<Integer> dedupWindow();
    }

    default TrainerOptions options() {
        Training t = training();
        SettingsOverrides overrides = new SettingsOverrides(t.fineTuneMode().map(FineTuneMode::fromWire), t.topK(),
                t.batchSize(), t.maxWaitMillis(), t.learningRate(), t.headLearningRate(), t.warmupSteps(),
                t.maxSeqLength(), t.maxWindows(), t.replay().map(ReplayStrategy::fromWire), t.replayCapacity(),
                t.replayRatio(), t.maxSourceShare(), t.checkpointEverySteps(), t.checkpointEverySeconds(),
                t.dedupWindow());
        return new TrainerOptions(models().orElse(List.of()), device(), workDir(), groupId(), queueCapacity(), seed(),
                divergenceLimit(), derAlpha(), derBeta(), clipNorm(), dropout(), livenessTimeout(), specTimeout(),
                overrides, asymmetricLoss(), balanceLabels(), evenReplayShare(), oneLabelDerAlpha(),
                new RetentionPolicy(retention().keepLast(), retention().grace()), oneLabelAlphaOnOthers());
    }
}
