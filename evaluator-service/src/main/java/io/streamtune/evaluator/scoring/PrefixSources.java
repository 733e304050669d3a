package io.streamtune.evaluator.scoring;

import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.model.DeviceChoice;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.ClassifierConfig;
import io.streamtune.model.onnx.EncoderSource;
import io.streamtune.model.onnx.PretrainedEncoder;
import io.streamtune.training.djl.ClassifierLearnerFactory;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The frozen prefix a model's checkpoints will have, built before the first of them exists: the spec's pretrained base
 * with the fine-tune mode and tokenizer settings the trainer derives from the spec (model module defaults for the
 * rest, FP16 prefixes included). Only a guess checked by {@link Classifier#prefixKey()}: outputs are filed under the
 * key, so a checkpoint built otherwise just finds nothing and computes its own.
 */
public final class PrefixSources {

    /** A head never shapes the prefix; any labels do. */
    private static final List<String> ANY_LABELS = List.of("prefix-only");

    private final DeviceChoice device;

    public PrefixSources(DeviceChoice device) {
        this.device = device;
    }

    /** The classifier config the trainer builds from these settings; empty in full mode (nothing frozen). */
    public Optional<ClassifierConfig> config(TrainingSettings s) {
        ClassifierConfig config = ClassifierLearnerFactory.classifierConfig(s, device);
        return config.fineTuning().hasFrozenPrefix() ? Optional.of(config) : Optional.empty();
    }

    /** A classifier whose frozen prefix is the one the spec's checkpoints will have (the caller closes it). */
    public Optional<Classifier> create(ModelSpec spec) throws IOException {
        Optional<ClassifierConfig> config = config(spec.training());
        if (config.isEmpty()) {
            return Optional.empty();
        }
        // parsed anew per build (rare: a model's first held-out examples, a changed spec); built-in encoders only
        PretrainedEncoder base = PretrainedEncoder.load(EncoderSource.known(spec.baseModel(), Map.of()));
        return Optional.of(Classifier.create(base, ANY_LABELS, config.get()));
    }
}
