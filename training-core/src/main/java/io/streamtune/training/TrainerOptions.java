package io.streamtune.training;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the trainer runs, whatever the model: the part of the configuration that is not in the model spec.
 *
 * @param models the models this trainer may train (a filter on the pool's models, e.g. a GPU pool that takes only some);
 *     empty: every model
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 * @param workDir local folder for checkpoints being written or restored
 * @param groupId the consumer group of the trainer pool: Kafka hands each model (all partitions of its train topic) to
 *     one live member; its committed offsets are for lag monitoring only (a model resumes at its checkpoint's)
 * @param queueCapacity records queued per model before the consumer pauses its partitions
 * @param seed seeds the replay buffers and the learner (head rows, dropout)
 * @param divergenceLimit consecutive non-finite steps that roll the model back to its last checkpoint
 * @param derAlpha DER++ weight of the logit-matching term
 * @param derBeta DER++ weight of the replayed labels' cross-entropy
 * @param clipNorm global gradient norm cap
 * @param dropout dropout in the trainable part while training
 * @param livenessTimeout how long the training thread may go without a heartbeat before liveness fails
 * @param specTimeout how long to wait for a model's spec on {@code streamtune.models} before retrying
 * @param asymmetricLoss ER-ACE (Caccia et al., 2022): when replay is on, a new example's cross-entropy competes only
 *     among the labels of the step's new examples, replayed ones over every label; against the recency bias of
 *     class-incremental streams, where new classes otherwise push the old ones' logits down; only in a step whose new
 *     examples hold two labels or more and one new to the model (see {@code StepComposer})
 * @param balanceLabels each step's replay sample balances the step's labels (labels absent from the new examples
 *     first) and every label's rows weigh the same in total: a one-label stretch of feedback trains against the
 *     other labels' remembered examples
 * @param evenReplayShare the part of each step's replay spread evenly over every label of the buffer
 * @param oneLabelDerAlpha DER++'s α in a step whose new examples all carry one label the model has long known (its
 *     head row trained for 100 steps or more: a one-label stretch of feedback, not a class still being learnt): a larger value holds the other labels'
 *     remembered logits harder while it lasts; 0 keeps {@code derAlpha}
 * @param retention which checkpoints stay in the store once the head moved on
 * @param oneLabelAlphaOnOthers {@code oneLabelDerAlpha} only on the remembered logits of the other labels' examples;
 *     the stretch's own label's keep {@code derAlpha}, so its examples move as freely as in any step
 */
public record TrainerOptions(List<String> models, String device, Path workDir, String groupId,
        int queueCapacity, long seed, int divergenceLimit, double derAlpha, double derBeta, double clipNorm,
        double dropout, Duration livenessTimeout, Duration specTimeout, SettingsOverrides overrides,
        boolean asymmetricLoss, boolean balanceLabels, double evenReplayShare, double oneLabelDerAlpha,
        RetentionPolicy retention, boolean oneLabelAlphaOnOthers) {

    public TrainerOptions {
        if (retention == null) {
            throw new IllegalArgumentException("The checkpoint retention policy must not be null.");
        }
        if (!(oneLabelDerAlpha >= 0)) {
            throw new IllegalArgumentException("streamtune.trainer.one-label-der-alpha must be >= 0 (0: the same as "
                    + "der-alpha), got " + oneLabelDerAlpha + ".");
        }
        if (!(evenReplayShare >= 0 && evenReplayShare <= 1)) {
            throw new IllegalArgumentException("streamtune.trainer.even-replay-share must be in [0, 1], got "
                    + evenReplayShare + ".");
        }
        models = List.copyOf(models);
        models.forEach(io.streamtune.contracts.Topics::train); // each name valid, or an error naming it
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("streamtune.trainer.group-id must not be blank.");
        }
        if (!List.of("auto", "cpu", "gpu").contains(device)) {
            throw new IllegalArgumentException("streamtune.trainer.device must be auto, cpu or gpu, got '" + device
                    + "'.");
        }
        if (queueCapacity < 1 || divergenceLimit < 1) {
            throw new IllegalArgumentException("queue-capacity and divergence-limit must be >= 1, got "
                    + queueCapacity + " and " + divergenceLimit + ".");
        }
    }

    /** Defaults for the models given, for tests and tools; the service reads its own from configuration. */
    public static TrainerOptions defaults(List<String> models, Path workDir) {
        return new TrainerOptions(models, "auto", workDir, "streamtune-trainer", 1024, 42L, 3, 0.2, 1.0, 1.0, 0.1,
                Duration.ofMinutes(5), Duration.ofSeconds(30), SettingsOverrides.none(), false, true, 0.0,
                3.0, RetentionPolicy.defaults(), true);
    }

    public TrainerOptions withOverrides(SettingsOverrides value) {
        return toBuilder().overrides(value).build();
    }

    public TrainerOptions withGroupId(String value) {
        return toBuilder().groupId(value).build();
    }

    public TrainerOptions withDevice(String value) {
        return toBuilder().device(value).build();
    }

    public TrainerOptions withDropout(double value) {
        return toBuilder().dropout(value).build();
    }

    public TrainerOptions withDer(double alpha, double beta) {
        return toBuilder().derAlpha(alpha).derBeta(beta).build();
    }

    public TrainerOptions withBalanceLabels(boolean value) {
        return toBuilder().balanceLabels(value).build();
    }

    public TrainerOptions withAsymmetricLoss(boolean value) {
        return toBuilder().asymmetricLoss(value).build();
    }

    public TrainerOptions withEvenReplayShare(double value) {
        return toBuilder().evenReplayShare(value).build();
    }

    public TrainerOptions withOneLabelAlphaOnOthers(boolean value) {
        return toBuilder().oneLabelAlphaOnOthers(value).build();
    }

    public TrainerOptions withOneLabelDerAlpha(double value) {
        return toBuilder().oneLabelDerAlpha(value).build();
    }

    public TrainerOptions withRetention(RetentionPolicy value) {
        return toBuilder().retention(value).build();
    }

    /** A builder holding these options, to change several of them at once (the checks run in {@link Builder#build}). */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether this trainer may train {@code model}: no filter, or the filter names it. */
    public boolean accepts(String model) {
        return models.isEmpty() || models.contains(model);
    }

    /** DER++'s α for a step, by how many labels its new examples carry (see StepComposer for the known-label rule). */
    public double derAlpha(int newLabels) {
        return newLabels == 1 && oneLabelDerAlpha > 0 ? oneLabelDerAlpha : derAlpha;
    }

    /** The options one by one; a new option is a field here, its setter, and one argument in each of two places. */
    public static final class Builder {

        private List<String> models;
        private String device;
        private Path workDir;
        private String groupId;
        private int queueCapacity;
        private long seed;
        private int divergenceLimit;
        private double derAlpha;
        private double derBeta;
        private double clipNorm;
        private double dropout;
        private Duration livenessTimeout;
        private Duration specTimeout;
        private SettingsOverrides overrides;
        private boolean asymmetricLoss;
        private boolean balanceLabels;
        private double evenReplayShare;
        private double oneLabelDerAlpha;
        private RetentionPolicy retention;
        private boolean oneLabelAlphaOnOthers;

        private Builder(TrainerOptions o) {
            models = o.models;
            device = o.device;
            workDir = o.workDir;
            groupId = o.groupId;
            queueCapacity = o.queueCapacity;
            seed = o.seed;
            divergenceLimit = o.divergenceLimit;
            derAlpha = o.derAlpha;
            derBeta = o.derBeta;
            clipNorm = o.clipNorm;
            dropout = o.dropout;
            livenessTimeout = o.livenessTimeout;
            specTimeout = o.specTimeout;
            overrides = o.overrides;
            asymmetricLoss = o.asymmetricLoss;
            balanceLabels = o.balanceLabels;
            evenReplayShare = o.evenReplayShare;
            oneLabelDerAlpha = o.oneLabelDerAlpha;
            retention = o.retention;
            oneLabelAlphaOnOthers = o.oneLabelAlphaOnOthers;
        }

        public TrainerOptions build() {
            return new TrainerOptions(models, device, workDir, groupId, queueCapacity, seed, divergenceLimit, derAlpha,
                    derBeta, clipNorm, dropout, livenessTimeout, specTimeout, overrides, asymmetricLoss, balanceLabels,
                    evenReplayShare, oneLabelDerAlpha, retention, oneLabelAlphaOnOthers);
        }

        public Builder models(List<String> value) {
            models = value;
            return this;
        }

        public Builder device(String value) {
            device = value;
            return this;
        }

        public Builder workDir(Path value) {
            workDir = value;
            return this;
        }

        public Builder groupId(String value) {
            groupId = value;
            return this;
        }

        public Builder overrides(SettingsOverrides value) {
            overrides = value;
            return this;
        }

        public Builder derAlpha(double value) {
            derAlpha = value;
            return this;
        }

        public Builder derBeta(double value) {
            derBeta = value;
            return this;
        }

        public Builder dropout(double value) {
            dropout = value;
            return this;
        }

        public Builder asymmetricLoss(boolean value) {
            asymmetricLoss = value;
            return this;
        }

        public Builder balanceLabels(boolean value) {
            balanceLabels = value;
            return this;
        }

        public Builder evenReplayShare(double value) {
            evenReplayShare = value;
            return this;
        }

        public Builder oneLabelDerAlpha(double value) {
            oneLabelDerAlpha = value;
            return this;
        }

        public Builder retention(RetentionPolicy value) {
            retention = value;
            return this;
        }

        public Builder oneLabelAlphaOnOthers(boolean value) {
            oneLabelAlphaOnOthers = value;
            return this;
        }
    }
}
