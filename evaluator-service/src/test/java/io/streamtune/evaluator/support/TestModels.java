package io.streamtune.evaluator.support;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.model.DeviceChoice;
import io.streamtune.model.checkpoint.CheckpointIO;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.ClassifierConfig;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.model.classifier.PrefixPrecision;
import io.streamtune.model.classifier.PrefixOutput;
import io.streamtune.model.onnx.PretrainedEncoder;
import io.streamtune.model.tokenize.TokenizerSettings;
import io.streamtune.model.train.ClassifierTrainer;
import io.streamtune.model.train.OptimizerSettings;
import io.streamtune.model.train.TrainingExample;
import io.streamtune.storage.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real checkpoints for tests: the MiniLM encoder (read once per JVM), small head-mode classifiers over it (32 tokens,
 * one window), a few optimizer steps, saved with the model module and written to S3 with storage.
 */
public final class TestModels {

    public static final List<String> LABELS = List.of("ham", "spam");
    private static PretrainedEncoder miniLm;

    private TestModels() {
    }

    public static synchronized PretrainedEncoder miniLm() {
        if (miniLm == null) {
            try {
                miniLm = PretrainedEncoder.miniLm();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return miniLm;
    }

    public static ClassifierConfig config(FineTuning fineTuning) {
        return ClassifierConfig.defaults().withFineTuning(fineTuning).withDropout(0f).withDevice(DeviceChoice.CPU)
                .withTokenizer(new TokenizerSettings(32, 0, 1)).withInferenceBatchSize(32)
                // exact prefixes, so the cached path and the whole network agree to float rounding
                .withPrefixPrecision(PrefixPrecision.FP32);
    }

    /** A head-mode classifier trained for {@code steps} steps of 16 on the examples (0 = its fresh random head). */
    public static Classifier trained(FineTuning fineTuning, List<LabelledExample> examples, int steps, long seed) {
        try {
            Classifier c = Classifier.create(miniLm(), LABELS, config(fineTuning).withSeed(seed));
            if (steps > 0) {
                List<PrefixOutput> prefixes = c.inference().prefix(examples.stream().map(LabelledExample::text).toList());
                try (ClassifierTrainer t = new ClassifierTrainer(c,
                        OptimizerSettings.defaults().withWarmupSteps(0))) {
                    for (int s = 0; s < steps; s++) {
                        List<TrainingExample> batch = new ArrayList<>();
                        for (int i = 0; i < 16; i++) {
                            int k = (s * 16 + i) % examples.size();
                            batch.add(TrainingExample.of(prefixes.get(k), LABELS.indexOf(examples.get(k).label())));
                        }
                        t.step(batch);
                    }
                }
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves the classifier with the model module and writes it as a checkpoint with storage; returns the manifest. */
    public static CheckpointManifest write(ArtifactStore store, String model, String checkpointId, Classifier c,
            Path tmp) {
        try {
            Path dir = Files.createDirectories(tmp.resolve(checkpointId));
            CheckpointIO.save(c, dir);
            CheckpointManifest draft = new CheckpointManifest(0, model, checkpointId, null, null, 10, 160,
                    Map.of(0, 0L), Map.of(0, 160L), null, 0.5, "all-minilm-l6-v2", wire(c.config().fineTuning()),
                    c.labels(), null, null);
            return store.writeCheckpoint(draft, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FineTuneMode wire(FineTuning f) {
        return switch (f.mode()) {
            case HEAD -> FineTuneMode.HEAD;
            case TOP_K -> FineTuneMode.TOP_K;
            case FULL -> FineTuneMode.FULL;
            case GRADUAL -> FineTuneMode.GRADUAL;
        };
    }

    /** The trainer's announcement of a written checkpoint. */
    public static CheckpointCreated announcement(CheckpointManifest m) {
        return new CheckpointCreated(null, 0, null, m.model(), m.checkpointId(), m.parentCheckpointId(),
                "s3://checkpoints/" + m.model() + "/" + m.checkpointId() + "/", m.step(), m.examplesSeen(),
                m.offsets(), m.maxEventTime(), m.trainingLoss(), null);
    }

    /** Class probabilities computed here, independently of the evaluator's scoring path (whole network, no cache). */
    public static float[][] probabilities(Classifier c, List<String> texts) {
        return c.inference().probabilities(texts);
    }
}
