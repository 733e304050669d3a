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
 * {@code weights.safetensors} (HuggingFace names), {@code tokenizer.json}, and for
 * a trainer {@code optimizer.json} + {@code optimizer.safetensors} (AdamW moments as 8-bit block-wise codes
 * ({@link MomentCodec}) with their float32 block scales, update counts, step count).
 * A reloaded classifier gives the same logits bit for bit; a reloaded trainer continues exactly.
 *
 * <p>Two formats. A <em>full</em> checkpoint (format {@value #FORMAT}) holds every parameter. A <em>delta</em>
 * checkpoint (format {@value #DELTA_FORMAT}) holds only the parameters above the frozen prefix and the head, and
 * names the pretrained weights the rest comes from by the SHA-256 of their file ({@link BaseWeights}); loading it
 * takes a {@link BaseLookup}. In the default top-2 mode of MiniLM that is 14 MB of weights instead of 91 MB.
 * {@link #assemble} turns a delta checkpoint into a full one, for serving without the base.
 */
public final class CheckpointIO {

    /** Full checkpoints: every parameter. */
    public static final int FORMAT = 1;
    /** Delta checkpoints: the tuned parameters, the rest from the base weights named in {@code model.json}. */
    public static final int DELTA_FORMAT = 2;
    public static final String MODEL_JSON = "model.json";
    public static final String WEIGHTS = "weights.safetensors";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String OPTIMIZER_JSON = "optimizer.json";
    public static final String OPTIMIZER_STATE = "optimizer.safetensors";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CheckpointIO() {}

    /** Writes the classifier's files into {@code dir} (created if absent): a full checkpoint. */
    public static void save(Classifier classifier, Path dir) throws IOException {
        save(classifier, dir, null);
    }

    /**
     * Writes the classifier's files into {@code dir} (created if absent): a delta checkpoint over the base weights
     * {@code baseWeights} (the SHA-256 of the file {@link BaseWeights#store} wrote from the encoder the classifier was
     * created from), or a full one when it is null or nothing is frozen (full mode).
     */
    public static void save(Classifier classifier, Path dir, String baseWeights) throws IOException {
        Files.createDirectories(dir);
        boolean delta = baseWeights != null && classifier.frozenLayers() >= 0;
        ClassifierConfig c = classifier.config();
        TokenizerSettings t = c.tokenizer();
        CheckpointMetadata meta = new CheckpointMetadata(
                delta ? DELTA_FORMAT : FORMAT, classifier.baseModel(), classifier.encoderConfig(), classifier.labels(),
                c.fineTuning().toString(), t.maxLength(), t.stride(), t.maxWindows(), c.dropout(), c.seed(),
                c.prefixPrecision().name(), c.inferenceBatchSize(),
                baseWeights == null ? null : BaseWeights.requireSha(baseWeights));
        Map<String, HostTensor> weights = new LinkedHashMap<>();
        (delta ? classifier.training().tunedParameters() : classifier.training().parameters())
                .forEach((name, p) -> weights.put(name, HostTensor.of(p.getArray())));
        Safetensors.write(dir.resolve(WEIGHTS), weights);
        Files.write(dir.resolve(TOKENIZER), classifier.tokenizer().json());
        JSON.writeValue(dir.resolve(MODEL_JSON).toFile(), meta);
    }

    /** Writes the trainer's classifier and its optimizer state into {@code dir}: a full checkpoint. */
    public static void save(ClassifierTrainer trainer, Path dir) throws IOException {
        save(trainer, dir, null);
    }

    /**
     * Writes the trainer's classifier (a delta over {@code baseWeights}, see above) and its optimizer state: the
     * update counts exactly, the two moments in one byte per value ({@link MomentCodec}, a quarter of float32). The
     * trainer's own moments become what those bytes decode to, so the run that goes on and a run restored from this
     * checkpoint are the same run.
     */
    public static void save(ClassifierTrainer trainer, Path dir, String baseWeights) throws IOException {
        save(trainer.classifier(), dir, baseWeights);
        Map<String, HostTensor> floats = new LinkedHashMap<>();
        Map<String, Safetensors.ByteTensor> codes = new LinkedHashMap<>();
        Map<String, HostTensor> rounded = new LinkedHashMap<>();
        trainer.optimizer().state().forEach((key, tensor) -> {
            if (AdamW.isCount(key)) {
                floats.put(key, tensor);
                return;
            }
            boolean signed = !key.startsWith(SECOND_MOMENT);
            MomentCodec.Encoded e = signed ? MomentCodec.encodeSigned(tensor.data())
                    : MomentCodec.encodeUnsigned(tensor.data());
            codes.put(key, new Safetensors.ByteTensor(tensor.shape(), e.codes()));
            floats.put(ABSMAX + key, new HostTensor(new long[] {e.absmax().length}, e.absmax()));
            rounded.put(key, new HostTensor(tensor.shape(), MomentCodec.decode(e, signed)));
        });
        Safetensors.write(dir.resolve(OPTIMIZER_STATE), new Safetensors.Contents(floats, Map.of(), codes));
        trainer.optimizer().replaceMoments(rounded);
        JSON.writeValue(dir.resolve(OPTIMIZER_JSON).toFile(),
                new OptimizerMetadata(trainer.steps(), trainer.optimizer().settings()));
    }

    private static final String SECOND_MOMENT = "exp_avg_sq.";
    /** Prefix of the float32 block scales of a moment stored as codes: {@code absmax.exp_avg.<parameter>}. */
    static final String ABSMAX = "absmax.";

    /**
     * The optimizer state of a checkpoint as float32 tensors, keyed as {@link AdamW#state()}: moments stored as
     * codes decoded, moments stored as float32 (checkpoints written before the codes) as they are.
     */
    static Map<String, HostTensor> optimizerState(Path file) throws IOException {
        Safetensors.Contents contents = Safetensors.readContents(file);
        if (!contents.ints().isEmpty()) {
            throw new IncompatibleCheckpointException(file + ": an optimizer state holds no int32 tensors.");
        }
        Map<String, HostTensor> state = new LinkedHashMap<>();
        contents.floats().forEach((key, tensor) -> {
            if (!key.startsWith(ABSMAX)) {
                state.put(key, tensor);
            }
        });
        for (Map.Entry<String, Safetensors.ByteTensor> e : contents.bytes().entrySet()) {
            String key = e.getKey();
            HostTensor absmax = contents.floats().get(ABSMAX + key);
            int values = e.getValue().data().length;
            if (absmax == null || absmax.data().length != MomentCodec.blocks(values)) {
                throw new IncompatibleCheckpointException(file + ": the codes of '" + key + "' (" + values
                        + " values) need " + MomentCodec.blocks(values) + " block scales '" + ABSMAX + key + "', "
                        + (absmax == null ? "absent." : "found " + absmax.data().length + "."));
            }
            float[] decoded = MomentCodec.decode(new MomentCodec.Encoded(e.getValue().data(), absmax.data()),
                    !key.startsWith(SECOND_MOMENT));
            state.put(key, new HostTensor(e.getValue().shape(), decoded));
        }
        for (String key : contents.floats().keySet()) {
            if (key.startsWith(ABSMAX) && !contents.bytes().containsKey(key.substring(ABSMAX.length()))) {
                throw new IncompatibleCheckpointException(file + ": block scales '" + key + "' without their codes.");
            }
        }
        return state;
    }

    /**
     * Writes the model files of the checkpoint in {@code dir} as a full checkpoint into {@code out}: every weight
     * (a delta's merged over its base), {@code model.json} and {@code tokenizer.json}; no optimizer state. Files only:
     * no engine needed. A full checkpoint is copied as it is.
     */
    public static void assemble(Path dir, BaseLookup bases, Path out) throws IOException {
        CheckpointMetadata meta = metadata(dir);
        Files.createDirectories(out);
        Files.copy(require(dir, TOKENIZER), out.resolve(TOKENIZER), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (meta.format() == FORMAT) {
            Files.copy(require(dir, WEIGHTS), out.resolve(WEIGHTS), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } else {
            Safetensors.write(out.resolve(WEIGHTS), tensors(dir, meta, bases));
        }
        JSON.writeValue(out.resolve(MODEL_JSON).toFile(), meta.asFull());
    }

    /** Whether {@code dir} holds a delta checkpoint (which needs its base weights to load). */
    public static boolean isDelta(Path dir) throws IOException {
        return metadata(dir).format() == DELTA_FORMAT;
    }

    /** The SHA-256 of the base weights a delta checkpoint refers to; empty for a full one. */
    public static java.util.Optional<String> deltaBase(Path dir) throws IOException {
        CheckpointMetadata meta = metadata(dir);
        return meta.format() == DELTA_FORMAT ? java.util.Optional.ofNullable(meta.baseWeights())
                : java.util.Optional.empty();
    }

    /** Reads a full classifier (for inference or evaluation) from {@code dir}. */
    public static Classifier loadClassifier(Path dir, DeviceChoice device) throws IOException {
        return loadClassifier(dir, device, BaseLookup.none());
    }

    /** Reads a classifier from {@code dir}; a delta checkpoint's frozen weights come through {@code bases}. */
    public static Classifier loadClassifier(Path dir, DeviceChoice device, BaseLookup bases) throws IOException {
        CheckpointMetadata meta = metadata(dir);
        Map<String, HostTensor> tensors = tensors(dir, meta, bases);
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
        return loadTrainer(dir, device, fallback, loss, BaseLookup.none());
    }

    /** As above; a delta checkpoint's frozen weights come through {@code bases}. */
    public static ClassifierTrainer loadTrainer(Path dir, DeviceChoice device, OptimizerSettings fallback,
            TrainingLoss loss, BaseLookup bases) throws IOException {
        Classifier classifier = loadClassifier(dir, device, bases);
        try {
            if (!Files.exists(dir.resolve(OPTIMIZER_JSON))) {
                return new ClassifierTrainer(classifier, fallback, loss);
            }
            OptimizerMetadata meta = JSON.readValue(dir.resolve(OPTIMIZER_JSON).toFile(), OptimizerMetadata.class);
            Map<String, HostTensor> state = optimizerState(require(dir, OPTIMIZER_STATE));
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

    /** Every tensor of the checkpoint: its own, over its base's when it is a delta. */
    static Map<String, HostTensor> tensors(Path dir, CheckpointMetadata meta, BaseLookup bases)
            throws IOException {
        Map<String, HostTensor> own = Safetensors.read(require(dir, WEIGHTS));
        if (meta.format() == FORMAT) {
            return own;
        }
        if (meta.baseWeights() == null || !BaseWeights.SHA256.matcher(meta.baseWeights()).matches()) {
            throw new IncompatibleCheckpointException(dir + "/" + MODEL_JSON + " is a delta checkpoint but names no "
                    + "base weights (baseWeights: " + meta.baseWeights() + ").");
        }
        Map<String, HostTensor> all = new LinkedHashMap<>(BaseWeights.read(bases.find(meta.baseWeights())));
        for (Map.Entry<String, HostTensor> e : own.entrySet()) {
            HostTensor base = all.get(e.getKey());
            boolean head = e.getKey().equals(ClassifierHead.WEIGHT) || e.getKey().equals(ClassifierHead.BIAS);
            if (!head && (base == null || !Arrays.equals(base.shape(), e.getValue().shape()))) {
                throw new IncompatibleCheckpointException(dir + "/" + WEIGHTS + ": tensor '" + e.getKey() + "' "
                        + (base == null ? "is not in" : "does not have the shape it has in") + " the base weights "
                        + meta.baseWeights() + ".");
            }
            all.put(e.getKey(), e.getValue());
        }
        return all;
    }

    static CheckpointMetadata metadata(Path dir) throws IOException {
        Path file = require(dir, MODEL_JSON);
        CheckpointMetadata meta;
        try {
            meta = JSON.readValue(file.toFile(), CheckpointMetadata.class);
        } catch (IOException e) {
            throw new IncompatibleCheckpointException(file + " is not a readable checkpoint description: " + e.getMessage(), e);
        }
        if (meta.format() != FORMAT && meta.format() != DELTA_FORMAT) {
            throw new IncompatibleCheckpointException(
                    file + " has format " + meta.format() + "; this build reads formats " + FORMAT + " (full) and "
                            + DELTA_FORMAT + " (delta).");
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

    static Path require(Path dir, String name) throws IncompatibleCheckpointException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IncompatibleCheckpointException(dir + " lacks " + name + ": not a complete model checkpoint.");
        }
        return file;
    }
}
