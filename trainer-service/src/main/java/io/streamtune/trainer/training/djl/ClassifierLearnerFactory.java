package io.streamtune.trainer.training.djl;

import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.model.DeviceChoice;
import io.streamtune.model.checkpoint.CheckpointIO;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.ClassifierConfig;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.model.onnx.EncoderSource;
import io.streamtune.model.onnx.PretrainedEncoder;
import io.streamtune.model.tokenize.TokenizerSettings;
import io.streamtune.model.train.ClassifierTrainer;
import io.streamtune.model.train.OptimizerSettings;
import io.streamtune.trainer.training.Learner;
import io.streamtune.trainer.training.LearnerFactory;
import io.streamtune.trainer.training.TrainerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds {@link ClassifierLearner}s from a model spec's settings and the trainer's options. The pretrained encoder's
 * weights are parsed once and kept (host memory, ~90 MB for MiniLM) for later models and rollbacks.
 */
public final class ClassifierLearnerFactory implements LearnerFactory {

    private final TrainerOptions options;
    private String cachedBase;
    private PretrainedEncoder cached;

    public ClassifierLearnerFactory(TrainerOptions options) {
        this.options = options;
    }

    @Override
    public synchronized Learner create(ModelSpec spec, TrainingSettings settings, List<String> labels)
            throws IOException {
        ClassifierConfig config = ClassifierConfig.defaults()
                .withFineTuning(fineTuning(settings))
                .withTokenizer(TokenizerSettings.defaults().withMaxLength(settings.maxSeqLength())
                        .withMaxWindows(settings.maxWindows()))
                .withDropout((float) options.dropout())
                .withSeed(options.seed())
                .withDevice(device());
        Classifier classifier = Classifier.create(encoder(spec.baseModel()), labels, config);
        return new ClassifierLearner(new ClassifierTrainer(classifier, optimizer(settings), new GuardedLoss()));
    }

    @Override
    public Learner restore(ModelSpec spec, TrainingSettings settings, Path dir) throws IOException {
        return new ClassifierLearner(CheckpointIO.loadTrainer(dir, device(), optimizer(settings), new GuardedLoss()));
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
            boolean miniLm = baseModel.equals(ModelSpec.DEFAULT_BASE_MODEL) || baseModel.equalsIgnoreCase("minilm");
            cached = PretrainedEncoder.load(miniLm ? EncoderSource.miniLm() : EncoderSource.parse(baseModel));
            cachedBase = baseModel;
        }
        return cached;
    }
}
