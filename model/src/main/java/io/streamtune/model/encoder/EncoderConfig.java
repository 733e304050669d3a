package io.streamtune.model.encoder;

/**
 * The shape of a BERT-family encoder, read from the weights of its export.
 *
 * @param vocabSize rows of the word embedding table
 * @param hiddenSize width of every hidden state
 * @param numLayers transformer layers
 * @param numHeads attention heads per layer
 * @param intermediateSize width of the feed-forward layer
 * @param maxPositions rows of the position embedding table (the longest window)
 * @param typeVocabSize rows of the token type table
 * @param layerNormEps epsilon of every LayerNorm
 */
public record EncoderConfig(
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int intermediateSize,
        int maxPositions,
        int typeVocabSize,
        float layerNormEps) {

    public EncoderConfig {
        positive("vocabSize", vocabSize);
        positive("hiddenSize", hiddenSize);
        positive("numLayers", numLayers);
        positive("numHeads", numHeads);
        positive("intermediateSize", intermediateSize);
        positive("maxPositions", maxPositions);
        positive("typeVocabSize", typeVocabSize);
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException(
                    "hiddenSize " + hiddenSize + " is not divisible by numHeads " + numHeads + ".");
        }
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layerNormEps must be > 0 but was " + layerNormEps + ".");
        }
    }

    public int headSize() {
        return hiddenSize / numHeads;
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0 but was " + value + ".");
        }
    }
}
