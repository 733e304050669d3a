package io.streamtune.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BERT encoder: embeddings then {@code numLayers} transformer layers. As a block it maps
 * (input ids, token type ids, attention mask) to the last hidden state; {@link #embed} and
 * {@link #layers} run any slice of it, which is how a frozen prefix and a trainable top split.
 */
public final class BertEncoderBlock extends AbstractBlock {

    /** The additive mask of padded keys, as the ONNX export computes it. */
    private static final float MASKED = -3.4028234663852886e38f;

    private final EncoderConfig config;
    private final EmbeddingsBlock embeddings;
    private final List<TransformerLayerBlock> layers = new ArrayList<>();

    public BertEncoderBlock(EncoderConfig config) {
        this.config = config;
        embeddings = addChildBlock("embeddings", new EmbeddingsBlock(config));
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(addChildBlock("layer" + i, new TransformerLayerBlock(config, i)));
        }
    }

    /** An encoder holding {@code weights}, its arrays owned by {@code manager}. */
    public static BertEncoderBlock fromWeights(EncoderWeights weights, NDManager manager) {
        BertEncoderBlock block = new BertEncoderBlock(weights.config());
        for (Map.Entry<String, Parameter> e : block.namedParameters().entrySet()) {
            e.getValue().setArray(Weights.toArray(manager, weights.tensors().get(e.getKey())));
        }
        return block;
    }

    public EncoderConfig config() {
        return config;
    }

    /** Dropout on hidden states and attention probabilities in training passes. */
    public void setDropout(float rate) {
        embeddings.setDropout(rate);
        layers.forEach(l -> l.setDropout(rate));
    }

    /** Parameters under their HuggingFace names, embeddings first, then layer by layer. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        embeddings.getDirectParameters().forEach(p -> out.put(p.getKey(), p.getValue()));
        for (TransformerLayerBlock layer : layers) {
            layer.getDirectParameters().forEach(p -> out.put(p.getKey(), p.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Parameters of layers {@code from} (inclusive) to the top; {@code from = -1} adds the embeddings. */
    public List<Parameter> parametersFrom(int from) {
        List<Parameter> out = new ArrayList<>();
        if (from < 0) {
            embeddings.getDirectParameters().forEach(p -> out.add(p.getValue()));
        }
        for (int i = Math.max(0, from); i < layers.size(); i++) {
            layers.get(i).getDirectParameters().forEach(p -> out.add(p.getValue()));
        }
        return out;
    }

    /** Embeddings of ids [B, T] (token types all 0) → [B, T, H]. */
    public NDArray embed(ParameterStore ps, NDArray ids, boolean training) {
        NDArray types = ids.zerosLike();
        return embeddings.forward(ps, new NDList(ids, types), training).singletonOrThrow();
    }

    /** Runs layers {@code from} (inclusive) to {@code to} (exclusive) over hidden [B, T, H]. */
    public NDArray layers(
            ParameterStore ps, NDArray hidden, NDArray maskBias, int from, int to, boolean training) {
        NDList x = new NDList(hidden, maskBias);
        for (int i = from; i < to; i++) {
            x = layers.get(i).forward(ps, x, training);
        }
        return x.get(0);
    }

    /** The additive attention bias [B, 1, 1, T] for a 0/1 mask [B, T]. */
    public static NDArray maskBias(NDArray mask) {
        NDArray m = mask.toType(DataType.FLOAT32, false);
        return m.neg().add(1f).mul(MASKED).expandDims(1).expandDims(1);
    }

    /** Mean of the hidden states [B, T, H] over the unmasked tokens → [B, H]. */
    public static NDArray meanPool(NDArray hidden, NDArray mask) {
        NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(2);
        NDArray sum = hidden.mul(m).sum(new int[] {1});
        return sum.div(m.sum(new int[] {1}).clip(1e-9f, Float.MAX_VALUE));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.get(2);
        NDArray types = inputs.get(1);
        NDArray hidden = embeddings.forward(ps, new NDList(ids, types), training).singletonOrThrow();
        return new NDList(layers(ps, hidden, maskBias(mask), 0, layers.size(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), config.hiddenSize())};
    }
}
