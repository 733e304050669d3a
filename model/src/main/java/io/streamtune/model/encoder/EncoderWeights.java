package io.streamtune.model.encoder;

import io.streamtune.model.MalformedEncoderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The weights of an encoder under HuggingFace names ({@code encoder.layer.0.attention.self.query.weight}),
 * Linear weights as [out, in], with the shape they imply.
 */
public record EncoderWeights(EncoderConfig config, Map<String, HostTensor> tensors) {

    /** Every tensor a BERT encoder of this config needs, in a stable order. */
    public static List<String> requiredNames(int numLayers) {
        List<String> names = new ArrayList<>(List.of(
                "embeddings.word_embeddings.weight",
                "embeddings.position_embeddings.weight",
                "embeddings.token_type_embeddings.weight",
                "embeddings.LayerNorm.weight",
                "embeddings.LayerNorm.bias"));
        for (int i = 0; i < numLayers; i++) {
            for (String suffix : TransformerLayerBlock.PARAMETER_SUFFIXES) {
                names.add("encoder.layer." + i + "." + suffix);
            }
        }
        return names;
    }

    /** Fails naming the first tensor that is missing or of the wrong shape. */
    public void validate(String origin) throws MalformedEncoderException {
        EncoderConfig c = config;
        for (String name : requiredNames(c.numLayers())) {
            HostTensor t = tensors.get(name);
            if (t == null) {
                throw new MalformedEncoderException(
                        origin + " lacks the tensor '" + name + "' that a BERT encoder with "
                                + c.numLayers() + " layers needs.");
            }
            long[] expected = expectedShape(name, c);
            if (!java.util.Arrays.equals(expected, t.shape())) {
                throw new MalformedEncoderException(
                        origin + ": tensor '" + name + "' has shape "
                                + java.util.Arrays.toString(t.shape()) + " but "
                                + java.util.Arrays.toString(expected) + " was expected.");
            }
        }
    }

    static long[] expectedShape(String name, EncoderConfig c) {
        long h = c.hiddenSize();
        long i = c.intermediateSize();
        if (name.equals("embeddings.word_embeddings.weight")) {
            return new long[] {c.vocabSize(), h};
        } else if (name.equals("embeddings.position_embeddings.weight")) {
            return new long[] {c.maxPositions(), h};
        } else if (name.equals("embeddings.token_type_embeddings.weight")) {
            return new long[] {c.typeVocabSize(), h};
        } else if (name.endsWith("intermediate.dense.weight")) {
            return new long[] {i, h};
        } else if (name.endsWith("intermediate.dense.bias")) {
            return new long[] {i};
        } else if (name.endsWith("output.dense.weight") && !name.contains("attention")) {
            return new long[] {h, i};
        } else if (name.endsWith(".weight") && !name.contains("LayerNorm")) {
            return new long[] {h, h};
        }
        return new long[] {h};
    }
}
