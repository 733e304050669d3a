package io.streamtune.model.checkpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamtune.model.DeviceChoice;
import io.streamtune.model.IncompatibleCheckpointException;
import io.streamtune.model.MalformedEncoderException;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.ClassifierConfig;
import io.streamtune.model.classifier.ClassifierHead;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.model.classifier.PrefixPrecision;
import io.streamtune.model.encoder.EncoderWeights;
import io.streamtune.model.encoder.HostTensor;
import io.streamtune.model.tokenize.TokenizerSettings;
import io.streamtune.model.train.AdamW;
import io.streamtune.model.train.ClassifierTrainer;
import io.streamtune.model.train.OptimizerSettings;
import io.streamtune.model.train.TrainingLoss;
import io.streamtune.model.train.WeightedLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a classifier (and a trainer's optimizer state) into a directory of files, and reads it
 * back. Files: {@code model.json} (label map, fine-tune mode, tokenizer and encoder settings),
 * {@code weights.safetensors} (every parameter, HuggingFace names), {@code tokenizer.json}, and for
 * a trainer {@code optimizer.json} + {@code optimizer.safetensors} (AdamW moments, step count).
 * A reloaded classifier gives the same logits bit for bit; a reloaded trainer continues exactly.
 */
public final class CheckpointIO {

    public static final int FORMAT = 1;
    public static final String MODEL_JSON = "model.json";
    public static final String WEIGHTS = "weights.safetensors";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String OPTIMIZER_JSON = "optimizer.json";
    public static final String OPTIMIZER_STATE = "optimizer.safetensors";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CheckpointIO() {}

    /** Writes the classifier's files into {@code dir} (created if absent). */
    public static void save(Classifier classifier, Path dir) throws IOException {
        Files.createDirectories(dir);
        ClassifierConfig c = classifier.config();
        TokenizerSettings t = c.tokenizer();
        CheckpointMetadata meta = new CheckpointMetadata(
                FORMAT, classifier.baseModel(), classifier.encoderConfig(), classifier.labels(),
                c.fineTuning().toString(), t.maxLength(), t.stride(), t.maxWindows(), c.dropout(), c.seed(),
                c.prefixPrecision().name(), c.inferenceBatchSize());
        Map<String, HostTensor> weights = new LinkedHashMap<>();
        classifier.training().parameters().forEach((name, p) -> weights.put(name, HostTensor.of(p.getArray())));
        Safetensors.write(dir.resolve(WEIGHTS), weights);
        Files.write(dir.resolve(TOKENIZER), classifier.tokenizer().json());
        JSON.writeValue(dir.resolve(MODEL_JSON).toFile(), meta);
    }

    /** Writes the trainer's classifier and its optimizer state into {@code dir}. */
    public static void save(ClassifierTrainer trainer, Path dir) throws IOException {
        save(trainer.classifier(), dir);
        Safetensors.write(dir.resolve(OPTIMIZER_STATE), trainer.optimizer().state());
        JSON.writeValue(dir.resolve(OPTIMIZER_JSON).toFile(),
                new OptimizerMetadata(trainer.steps(), trainer.optimizer().settings()));
    }

    /** Reads a classifier (for inference or evaluation) from {@code dir}. */
    public static Classifier loadClassifier(Path dir, DeviceChoice device) throws IOException {
        CheckpointMetadata meta = metadata(dir);
        Map<String, HostTensor> tensors = Safetensors.read(require(dir, WEIGHTS));
        Map<String, HostTensor> head = new HashMap<>();
        for (String name : new String[] {ClassifierHead.WEIGHT, ClassifierHead.BIAS}) {
            HostTensor h = tensors.remove(name);
            if (h == null) {
                throw new IncompatibleCheckpointException(dir + "/" + WEIGHTS + " lacks " + name + ".");
            }
            head.put(name, h);
        }
        long[] expectedHead = {meta.labels().size(), meta.encoder().hiddenSize()};
        if (!Arrays.equals(expectedHead, head.get(ClassifierHead.WEIGHT).shape())
                || head.get(ClassifierHead.BIAS).shape()[0] != meta.labels().size()) {
            throw new IncompatibleCheckpointException(
                    dir + ": " + ClassifierHead.WEIGHT + " has shape "
                            + Arrays.toString(head.get(ClassifierHead.WEIGHT).shape()) + " but " + MODEL_JSON
                            + " lists " + meta.labels().size() + " labels of width " + meta.encoder().hiddenSize() + ".");
        }
        EncoderWeights weights = new EncoderWeights(meta.encoder(), tensors);
        try {
            weights.validate(dir + "/" + WEIGHTS);
        } catch (MalformedEncoderException e) {
            throw new IncompatibleCheckpointException(e.getMessage() + " (" + MODEL_JSON + " disagrees)", e);
        }
        byte[] tokenizer = Files.readAllBytes(require(dir, TOKENIZER));
        ClassifierConfig config = config(meta, device, dir);
        return Classifier.restore(weights, head, tokenizer, meta.labels(), config, meta.baseModel());
    }

    /**
     * Reads a classifier and its optimizer state. A saved state keeps its own settings (so the run
     * resumes exactly); a checkpoint without one starts a fresh AdamW with {@code fallback}.
     */
    public static ClassifierTrainer loadTrainer(
            Path dir, DeviceChoice device, OptimizerSettings fallback, TrainingLoss loss) throws IOException {
        Classifier classifier = loadClassifier(dir, device);
        try {
            if (!Files.exists(dir.resolve(OPTIMIZER_JSON))) {
                return new ClassifierTrainer(classifier, fallback, loss);
            }
            OptimizerMetadata meta = JSON.readValue(dir.resolve(OPTIMIZER_JSON).toFile(), OptimizerMetadata.class);
            Map<String, HostTensor> state = Safetensors.read(require(dir, OPTIMIZER_STATE));
            var params = classifier.training().trainableParameters();
            for (Map.Entry<String, HostTensor> e : state.entrySet()) {
                String name = e.getKey().substring(e.getKey().indexOf('.') + 1);
                var p = params.get(name);
                if (p == null) {
                    throw new IncompatibleCheckpointException(
                            dir + "/" + OPTIMIZER_STATE + " has state for '" + name + "', which is not trained"
                                    + " in fine-tune mode " + classifier.config().fineTuning() + ".");
                }
                boolean count = AdamW.isCount(e.getKey());
                if (count ? e.getValue().shape()[0] > p.getArray().getShape().get(0)
                        : !Arrays.equals(p.getArray().getShape().getShape(), e.getValue().shape())) {
                    throw new IncompatibleCheckpointException(
                            dir + "/" + OPTIMIZER_STATE + ": " + e.getKey() + " has shape "
                                    + Arrays.toString(e.getValue().shape()) + " but the parameter "
                                    + p.getArray().getShape() + ".");
                }
            }
            ClassifierTrainer trainer = new ClassifierTrainer(classifier, meta.settings(), loss);
            trainer.optimizer().restore(state, meta.steps());
            return trainer;
        } catch (IOException | RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /** {@link #loadTrainer(Path, DeviceChoice, OptimizerSettings, TrainingLoss)} with the default loss. */
    public static ClassifierTrainer loadTrainer(Path dir, DeviceChoice device, OptimizerSettings fallback)
            throws IOException {
        return loadTrainer(dir, device, fallback, WeightedLoss.INSTANCE);
    }

    private static CheckpointMetadata metadata(Path dir) throws IOException {
        Path file = require(dir, MODEL_JSON);
        CheckpointMetadata meta;
        try {
            meta = JSON.readValue(file.toFile(), CheckpointMetadata.class);
        } catch (IOException e) {
            throw new IncompatibleCheckpointException(file + " is not a readable checkpoint description: " + e.getMessage(), e);
        }
        if (meta.format() != FORMAT) {
            throw new IncompatibleCheckpointException(
                    file + " has format " + meta.format() + "; this build reads format " + FORMAT + ".");
        }
        if (meta.encoder() == null || meta.labels() == null || meta.labels().isEmpty()) {
            throw new IncompatibleCheckpointException(file + " lacks the encoder shape or the labels.");
        }
        return meta;
    }

    private static ClassifierConfig config(CheckpointMetadata m, DeviceChoice device, Path dir)
            throws IncompatibleCheckpointException {
        try {
            return new ClassifierConfig(
                    FineTuning.parse(m.fineTuning()),
                    new TokenizerSettings(m.maxLength(), m.stride(), m.maxWindows()),
                    m.dropout(), m.seed(), device, PrefixPrecision.valueOf(m.prefixPrecision()),
                    m.inferenceBatchSize());
        } catch (IllegalArgumentException e) {
            throw new IncompatibleCheckpointException(dir + "/" + MODEL_JSON + ": " + e.getMessage(), e);
        }
    }

    private static Path require(Path dir, String name) throws IncompatibleCheckpointException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IncompatibleCheckpointException(dir + " lacks " + name + ": not a complete model checkpoint.");
        }
        return file;
    }
}
