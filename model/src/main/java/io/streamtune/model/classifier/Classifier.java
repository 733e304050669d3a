package io.streamtune.model.classifier;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import io.streamtune.model.ModelRuntime;
import io.streamtune.model.encoder.BertEncoderBlock;
import io.streamtune.model.encoder.EncoderConfig;
import io.streamtune.model.encoder.EncoderWeights;
import io.streamtune.model.encoder.HostTensor;
import io.streamtune.model.onnx.EncoderSource;
import io.streamtune.model.onnx.PretrainedEncoder;
import io.streamtune.model.tokenize.TextTokenizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * A pretrained encoder with mean pooling and a classification head, on one device.
 *
 * <p>The network itself (DJL's Block with its weights) and its identity: labels, head growth, the frozen prefix.
 * What is done with it goes through two views, the way DJL separates a Block from its Predictor and its Trainer:
 * {@link #inference()} ({@link ClassifierInference}: logits, probabilities, embeddings, cached-prefix scoring) and
 * {@link #training()} ({@link ClassifierTraining}: logits with autograd, parameters, gradual unfreezing).
 *
 * <p>Not safe to use while a training step or {@link #addLabel} runs on it; the evaluator keeps
 * an instance of its own.
 */
public final class Classifier implements AutoCloseable {

    private final NDManager manager;
    private final BertEncoderBlock encoder;
    private final ClassifierHead head;
    private final TextTokenizer tokenizer;
    private final ClassifierConfig config;
    private final List<String> labels;
    private final String baseModel;
    private final int frozen;
    private final ClassifierInference inference = new ClassifierInference(this);
    private final ClassifierTraining training = new ClassifierTraining(this);
    private volatile String prefixKey;

    private Classifier(
            NDManager manager, BertEncoderBlock encoder, ClassifierHead head, TextTokenizer tokenizer,
            ClassifierConfig config, List<String> labels, String baseModel) {
        this.manager = manager;
        this.encoder = encoder;
        this.head = head;
        this.tokenizer = tokenizer;
        this.config = config;
        this.labels = new ArrayList<>(labels);
        this.baseModel = baseModel;
        this.frozen = config.fineTuning().frozenLayers(encoder.config().numLayers());
        encoder.setDropout(config.dropout());
        for (Parameter p : encoder.namedParameters().values()) {
            p.freeze(true);
        }
        for (Parameter p : encoder.parametersFrom(frozen)) {
            p.freeze(false);
        }
        head.setTrainable(true);
    }

    /** A new classifier over the encoder of {@code source}, with a fresh head for {@code labels}. */
    public static Classifier create(EncoderSource source, List<String> labels, ClassifierConfig config)
            throws IOException {
        return create(PretrainedEncoder.load(source), labels, config);
    }

    /** A new classifier over a loaded encoder, with a fresh head for {@code labels}. */
    public static Classifier create(PretrainedEncoder pretrained, List<String> labels, ClassifierConfig config)
            throws IOException {
        return restore(pretrained.weights(), null, pretrained.tokenizerJson(), labels, config, pretrained.origin());
    }

    /**
     * A classifier from stored weights; {@code head} holds {@link ClassifierHead#WEIGHT} and
     * {@link ClassifierHead#BIAS}, or is null for a fresh head. Checkpoints load through here.
     */
    public static Classifier restore(
            EncoderWeights weights, Map<String, HostTensor> head,
            byte[] tokenizerJson, List<String> labels, ClassifierConfig config, String baseModel)
            throws IOException {
        if (labels.isEmpty() || labels.stream().distinct().count() != labels.size()) {
            throw new IllegalArgumentException("labels must be non-empty and distinct but were " + labels + ".");
        }
        EncoderConfig ec = weights.config();
        config.fineTuning().frozenLayers(ec.numLayers()); // fails early on top-k with k > layers
        if (config.tokenizer().maxLength() > ec.maxPositions()) {
            throw new IllegalArgumentException(
                    "maxLength " + config.tokenizer().maxLength() + " exceeds the encoder's "
                            + ec.maxPositions() + " positions.");
        }
        TextTokenizer tokenizer = TextTokenizer.create(tokenizerJson, config.tokenizer(), ec.vocabSize());
        Device device = config.device().resolve();
        NDManager manager = ModelRuntime.engine().newBaseManager(device);
        try {
            BertEncoderBlock encoder = BertEncoderBlock.fromWeights(weights, manager);
            ClassifierHead classifierHead = new ClassifierHead(ec.hiddenSize(), config.seed());
            if (head == null) {
                classifierHead.initialise(manager, labels.size());
            } else {
                var w = head.get(ClassifierHead.WEIGHT);
                var b = head.get(ClassifierHead.BIAS);
                classifierHead.set(w.toNDArray(manager), b.toNDArray(manager));
            }
            return new Classifier(manager, encoder, classifierHead, tokenizer, config, labels, baseModel);
        } catch (RuntimeException e) {
            manager.close();
            tokenizer.close();
            throw e;
        }
    }

    // ---- the two views -------------------------------------------------------------------

    /** Inference: logits, probabilities, embeddings, and scoring on cached prefix outputs. */
    public ClassifierInference inference() {
        return inference;
    }

    /** What a training step is made of: logits with autograd, the trainable parameters, gradual unfreezing. */
    public ClassifierTraining training() {
        return training;
    }

    // ---- labels and identity -------------------------------------------------------------

    /**
     * Adds a label (class-incremental): the head grows one row, existing rows unchanged. Returns
     * its index; a label already present keeps its index.
     */
    public int addLabel(String label) {
        return addLabel(label, null, 0f);
    }

    /**
     * Adds a label whose head row starts as {@code row} with bias {@code bias} (weight imprinting) instead of a random
     * row; {@code row} null draws it at random.
     */
    public int addLabel(String label, float[] row, float bias) {
        if (row != null && row.length != encoder.config().hiddenSize()) {
            throw new IllegalArgumentException("an imprinted head row needs " + encoder.config().hiddenSize()
                    + " values but had " + row.length + ".");
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("a label must be a non-blank string.");
        }
        int existing = labels.indexOf(label);
        if (existing >= 0) {
            return existing;
        }
        ReentrantLock lock = ModelRuntime.trainingLock();
        lock.lock();
        try {
            head.grow(manager, true, row, bias);
            labels.add(label);
            return labels.size() - 1;
        } finally {
            lock.unlock();
        }
    }

    /** The label map: index i of a logit row is {@code labels().get(i)}. */
    public List<String> labels() {
        return List.copyOf(labels);
    }

    public ClassifierConfig config() {
        return config;
    }

    public EncoderConfig encoderConfig() {
        return encoder.config();
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** Where the pretrained encoder came from. */
    public String baseModel() {
        return baseModel;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** Encoder layers in the frozen prefix (-1 in full mode: nothing frozen). */
    public int frozenLayers() {
        return frozen;
    }

    /**
     * Identifies the frozen prefix (its weights, depth, tokenizer and storage precision): cached
     * prefix outputs are valid for any classifier with the same key.
     */
    public String prefixKey() {
        requirePrefix();
        String key = prefixKey;
        if (key == null) {
            key = PrefixRunner.key(this, encoder.parametersFrom(-1).subList(0, frozenParameterCount()));
            prefixKey = key;
        }
        return key;
    }

    @Override
    public void close() {
        tokenizer.close();
        manager.close();
    }

    // ---- the forward pieces both views are made of (and PrefixRunner / PrefixBatch) ----------------

    NDManager manager() {
        return manager;
    }

    BertEncoderBlock encoder() {
        return encoder;
    }

    ClassifierHead head() {
        return head;
    }

    private int frozenParameterCount() {
        return encoder.parametersFrom(-1).size() - encoder.parametersFrom(frozen).size();
    }

    /** Mean-pooled last hidden state of a padded batch, through the whole encoder. */
    NDArray pooled(ParameterStore ps, WindowBatch batch, boolean training) {
        NDArray hidden = encoder.embed(ps, batch.ids(), training);
        hidden = encoder.layers(ps, hidden, BertEncoderBlock.maskBias(batch.mask()), 0,
                encoder.config().numLayers(), training);
        return BertEncoderBlock.meanPool(hidden, batch.mask());
    }

    /** Mean-pooled last hidden state of cached prefix outputs, through the layers above the prefix. */
    NDArray topPooled(PrefixBatch batch, ParameterStore ps, boolean training) {
        if (frozen == encoder.config().numLayers()) {
            return batch.states();
        }
        NDArray hidden = encoder.layers(ps, batch.states(), BertEncoderBlock.maskBias(batch.mask()),
                frozen, encoder.config().numLayers(), training);
        return BertEncoderBlock.meanPool(hidden, batch.mask());
    }

    /** Logits [N, labels] of the trainable top over cached prefixes (a text's windows averaged), arrays in sub. */
    NDArray topLogits(List<PrefixOutput> outputs, NDManager sub, boolean training) {
        requirePrefix();
        ParameterStore ps = new ParameterStore(sub, false);
        PrefixBatch batch = PrefixBatch.of(outputs, this, sub);
        NDArray logits = headOf(topPooled(batch, ps, training), ps, training);
        return WindowBatch.averaging(batch.owners(), outputs.size(), sub).matMul(logits);
    }

    NDArray headOf(NDArray pooled, ParameterStore ps, boolean training) {
        NDArray x = training && config.dropout() > 0
                ? Dropout.dropout(pooled, config.dropout(), true).singletonOrThrow()
                : pooled;
        return head.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** Runs {@code fn} over windows sorted by length in chunks; rows come back in input order. */
    float[][] windowRows(List<long[]> windows, BiFunction<ParameterStore, WindowBatch, NDArray> fn) {
        ModelRuntime.noGradOnThisThread();
        float[][] out = new float[windows.size()][];
        for (int[] chunk : Windows.chunksByLength(windows, config.inferenceBatchSize())) {
            try (NDManager sub = manager.newSubManager()) {
                List<long[]> part = new ArrayList<>(chunk.length);
                for (int i : chunk) {
                    part.add(windows.get(i));
                }
                float[][] rows = HostTensor.of(fn.apply(new ParameterStore(sub, false), WindowBatch.of(part, sub))).rows();
                for (int i = 0; i < chunk.length; i++) {
                    out[chunk[i]] = rows[i];
                }
            }
        }
        return out;
    }

    void requirePrefix() {
        if (!config.fineTuning().hasFrozenPrefix()) {
            throw new IllegalStateException(
                    "prefix caching needs a frozen prefix, but fine-tuning is " + config.fineTuning() + ".");
        }
    }
}
