package io.streamtune.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * One post-LayerNorm BERT layer: self-attention (softmax(q/√d · kᵀ + mask bias) v), residual,
 * LayerNorm, GELU (erf form) feed-forward, residual, LayerNorm. Inputs: hidden [B, T, H] and the
 * mask bias [B, 1, 1, T]; outputs the new hidden state and the same mask bias, so layers chain.
 */
public final class TransformerLayerBlock extends AbstractBlock {

    /** Parameter names below {@code encoder.layer.<i>.}, HuggingFace's. */
    public static final List<String> PARAMETER_SUFFIXES = List.of(
            "attention.self.query.weight", "attention.self.query.bias",
            "attention.self.key.weight", "attention.self.key.bias",
            "attention.self.value.weight", "attention.self.value.bias",
            "attention.output.dense.weight", "attention.output.dense.bias",
            "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias",
            "intermediate.dense.weight", "intermediate.dense.bias",
            "output.dense.weight", "output.dense.bias",
            "output.LayerNorm.weight", "output.LayerNorm.bias");

    private final EncoderConfig config;
    private final Parameter[] p = new Parameter[PARAMETER_SUFFIXES.size()];
    private final float scale;
    private float dropout;

    TransformerLayerBlock(EncoderConfig config, int index) {
        this.config = config;
        for (int i = 0; i < p.length; i++) {
            p[i] = addParameter(Weights.parameter("encoder.layer." + index + "." + PARAMETER_SUFFIXES.get(i)));
        }
        scale = (float) Math.sqrt(config.headSize());
    }

    void setDropout(float dropout) {
        this.dropout = dropout;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray maskBias = inputs.get(1);
        NDArray[] w = new NDArray[p.length];
        for (int i = 0; i < p.length; i++) {
            w[i] = ps.getValue(p[i], x.getDevice(), training);
        }
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int heads = config.numHeads();
        int d = config.headSize();
        // one matmul for query, key and value: [B, T, 3H] → [3, B, heads, T, d]
        NDArray qkvWeight = NDArrays.concat(new NDList(w[0], w[2], w[4]));
        NDArray qkvBias = NDArrays.concat(new NDList(w[1], w[3], w[5]));
        // an op's result joins its receiver's manager: here the parameters', which lives for ever
        qkvWeight.attach(x.getManager());
        qkvBias.attach(x.getManager());
        NDArray qkv = linear(x, qkvWeight, qkvBias).reshape(b, t, 3, heads, d).transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0).div(scale);
        NDArray k = qkv.get(1).transpose(0, 1, 3, 2);
        NDArray v = qkv.get(2);
        NDArray probs = q.matMul(k).add(maskBias).softmax(-1);
        probs = drop(probs, training);
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, config.hiddenSize());
        NDArray attention = norm(drop(linear(context, w[6], w[7]), training).add(x), w[8], w[9]);
        NDArray inner = Activation.gelu(linear(attention, w[10], w[11]));
        NDArray out = norm(drop(linear(inner, w[12], w[13]), training).add(attention), w[14], w[15]);
        return new NDList(out, maskBias);
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    private NDArray norm(NDArray x, NDArray gamma, NDArray beta) {
        return x.getNDArrayInternal()
                .layerNorm(x, new Shape(config.hiddenSize()), gamma, beta, config.layerNormEps())
                .singletonOrThrow();
    }

    private NDArray drop(NDArray x, boolean training) {
        return training && dropout > 0 ? StepDropout.apply(x, dropout) : x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
