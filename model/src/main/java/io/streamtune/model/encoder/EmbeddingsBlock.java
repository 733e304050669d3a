package io.streamtune.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Word + position + token-type embeddings, then LayerNorm: input ids [B, T] → hidden [B, T, H]. */
public final class EmbeddingsBlock extends AbstractBlock {

    private final EncoderConfig config;
    private final Parameter words;
    private final Parameter positions;
    private final Parameter types;
    private final Parameter gamma;
    private final Parameter beta;
    private float dropout;

    EmbeddingsBlock(EncoderConfig config) {
        this.config = config;
        words = addParameter(Weights.parameter("embeddings.word_embeddings.weight"));
        positions = addParameter(Weights.parameter("embeddings.position_embeddings.weight"));
        types = addParameter(Weights.parameter("embeddings.token_type_embeddings.weight"));
        gamma = addParameter(Weights.parameter("embeddings.LayerNorm.weight"));
        beta = addParameter(Weights.parameter("embeddings.LayerNorm.bias"));
    }

    void setDropout(float dropout) {
        this.dropout = dropout;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray typeIds = inputs.get(1);
        long t = ids.getShape().get(1);
        NDArray positionIds = ids.getManager().arange(0, (int) t, 1, DataType.INT64, ids.getDevice());
        NDArray x = Embedding.embedding(ids, ps.getValue(words, ids.getDevice(), training), SparseFormat.DENSE)
                .singletonOrThrow();
        x = x.add(Embedding.embedding(typeIds, ps.getValue(types, ids.getDevice(), training), SparseFormat.DENSE)
                .singletonOrThrow());
        x = x.add(Embedding.embedding(positionIds, ps.getValue(positions, ids.getDevice(), training), SparseFormat.DENSE)
                .singletonOrThrow());
        x = x.getNDArrayInternal()
                .layerNorm(x, new Shape(config.hiddenSize()),
                        ps.getValue(gamma, ids.getDevice(), training),
                        ps.getValue(beta, ids.getDevice(), training),
                        config.layerNormEps())
                .singletonOrThrow();
        if (training && dropout > 0) {
            x = StepDropout.apply(x, dropout);
        }
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), config.hiddenSize())};
    }
}
