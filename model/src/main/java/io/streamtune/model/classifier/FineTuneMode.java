package io.streamtune.model.classifier;

/** Which part of the network trains. */
public enum FineTuneMode {
    /** Encoder frozen, only the classification head trains (feature extraction). */
    HEAD,
    /** The top k encoder layers and the head train. */
    TOP_K,
    /** Everything trains, embeddings included. */
    FULL,
    /** The head first, then one more of the top k encoder layers every n steps (gradual unfreezing). */
    GRADUAL
}
