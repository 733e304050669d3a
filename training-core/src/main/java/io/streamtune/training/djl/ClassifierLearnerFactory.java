package io.streamtune.training.djl;

import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.model.DeviceChoice;
import io.streamtune.model.checkpoint.BaseLookup;
import io.streamtune.model.checkpoint.BaseWeights;
import io.streamtune.model.checkpoint.CheckpointIO;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.ClassifierConfig;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.model.onnx.EncoderSource;
import io.streamtune.model.onnx.PretrainedEncoder;
import io.streamtune.model.tokenize.TokenizerSettings;
import io.streamtune.model.train.ClassifierTrainer;
import io.streamtune.model.train.OptimizerSettings;
import io.streamtune.training.BaseFile;
import io.streamtune.training.Learner;
import io.streamtune.training.LearnerFactory;
import io.streamtune.training.TrainerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link ClassifierLearner}s from a model spec's settings and the trainer's options. The pretrained encoder's
 * weights are parsed once and kept (host memory, ~90 MB for MiniLM) for later models and rollbacks, and written once
 * into {@code <workDir>/bases/<sha256>.safetensors}: checkpoints hold only what trains and refer to that file by its
 * hash (delta checkpoints). A checkpoint over another base is restored through the {@code bases} lookup (the
 * checkpoints bucket, in the service).
 */
public final class ClassifierLearnerFactory implements LearnerFactory {

    private final TrainerOptions options;
    private final Map<String, String> encoders;
    private final BaseLookup bases;
    private final Path basesDir;
    private String cachedBase;
    private PretrainedEncoder cached;
    private BaseFile cachedFile;

    /** Only the built-in encoder (all-MiniLM-L6-v2). */
    public ClassifierLearnerFactory(TrainerOptions options) {
        this(options, Map.of(), BaseLookup.none());
    }

    /**
     * @param encoders the operator's allow-list of further encoders, name → location (see
     *     {@link EncoderSource#known}); a spec's {@code baseModel} is looked up here, never opened as a location
     * @param bases where the base weights of a checkpoint come from when they are not this trainer's own
     */
    public ClassifierLearnerFactory(TrainerOptions options, Map<String, String> encoders, BaseLookup bases) {
        this.options = options;
        this.encoders = Map.copyOf(encoders);
        this.bases = bases;
        this.basesDir = options.workDir().resolve("bases");
    }

    @Override
    public synchronized Learner create(ModelSpec spec, TrainingSettings settings, List<String> labels)
            throws IOException {
        ClassifierConfig config = classifierConfig(settings, device())
                .withDropout((float) options.dropout())
                .withSeed(options.seed());
        Classifier classifier = Classifier.create(encoder(spec.baseModel()), labels, config);
        return new ClassifierLearner(new ClassifierTrainer(classifier, optimizer(settings), new GuardedLoss()),
                cachedFile);
    }

    @Override
    public synchronized Learner restore(ModelSpec spec, TrainingSettings settings, Path dir) throws IOException {
        encoder(spec.baseModel()); // the spec's base written out: usually the one the checkpoint refers to
        BaseLookup lookup = BaseLookup.folder(basesDir).orElse(bases);
        ClassifierTrainer trainer = CheckpointIO.loadTrainer(dir, device(), optimizer(settings), new GuardedLoss(),
                lookup);
        // later checkpoints refer to the base this one was built on (a full checkpoint: the spec's, whose frozen
        // weights it holds)
        String sha = CheckpointIO.deltaBase(dir).orElse(cachedFile.sha256());
        return new ClassifierLearner(trainer,
                sha.equals(cachedFile.sha256()) ? cachedFile : new BaseFile(sha, lookup.find(sha)));
    }

    /**
     * The classifier a model's training settings call for: fine-tune mode and tokenizer, on a device, model module
     * defaults for the rest (the trainer adds its dropout and seed). The evaluator builds a model's frozen prefix from
     * the same before the first checkpoint exists.
     */
    public static ClassifierConfig classifierConfig(TrainingSettings settings, DeviceChoice device) {
        return ClassifierConfig.defaults()
                .withFineTuning(fineTuning(settings))
                .withTokenizer(TokenizerSettings.defaults().withMaxLength(settings.maxSeqLength())
                        .withMaxWindows(settings.maxWindows()))
                .withDevice(device);
    }

    /** The fine-tune mode of the contracts, as the model module writes it. */
    static FineTuning fineTuning(TrainingSettings s) {
        return switch (s.fineTuneMode()) {
            case HEAD -> FineTuning.head();
            case TOP_K -> FineTuning.topK(s.topK());
            case FULL -> FineTuning.full();
            case GRADUAL -> FineTuning.gradual(s.topK(), s.unfreezeEverySteps());
        };
    }

    private OptimizerSettings optimizer(TrainingSettings s) {
        return OptimizerSettings.defaults()
                .withLearningRates((float) s.headLearningRate(), (float) s.learningRate())
                .withWarmupSteps(s.warmupSteps())
                .withDecay(s.lrFloor() >= 1 ? 0 : s.lrDecaySteps(), (float) s.lrFloor())
                .withClipNorm((float) options.clipNorm());
    }

    private DeviceChoice device() {
        return DeviceChoice.parse(options.device());
    }

    private PretrainedEncoder encoder(String baseModel) throws IOException {
        if (cached == null || !baseModel.equals(cachedBase)) {
            cached = PretrainedEncoder.load(EncoderSource.known(baseModel, encoders));
            cachedBase = baseModel;
            String sha = BaseWeights.store(cached.weights(), basesDir);
            cachedFile = new BaseFile(sha, BaseWeights.file(basesDir, sha));
        }
        return cached;
    }
}
