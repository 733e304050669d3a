package io.streamtune.model.checkpoint;

import io.streamtune.model.encoder.EncoderConfig;
import java.util.List;

/**
 * {@code model.json}: what a checkpoint is, beside its weights.
 *
 * @param format layout version of the directory
 * @param baseModel where the pretrained encoder came from
 * @param encoder the encoder's shape
 * @param labels the label map, in head-row order
 * @param fineTuning {@code head}, {@code top-<k>} or {@code full}
 * @param maxLength tokens per window
 * @param stride tokens shared by consecutive windows
 * @param maxWindows windows per text
 * @param dropout training dropout
 * @param seed seed of head rows and step dropout
 * @param prefixPrecision {@code FP16} or {@code FP32}
 * @param inferenceBatchSize windows per inference pass
 * @param baseWeights SHA-256 of the pretrained encoder's weights file ({@link BaseWeights}): in a delta checkpoint
 *     (format 2) the weights it does not store; in a full one (format 1), where its weights came from (or null)
 */
record CheckpointMetadata(
        int format,
        String baseModel,
        EncoderConfig encoder,
        List<String> labels,
        String fineTuning,
        int maxLength,
        int stride,
        int maxWindows,
        float dropout,
        long seed,
        String prefixPrecision,
        int inferenceBatchSize,
        String baseWeights) {

    CheckpointMetadata asFull() {
        return new CheckpointMetadata(CheckpointIO.FORMAT, baseModel, encoder, labels, fineTuning, maxLength, stride,
                maxWindows, dropout, seed, prefixPrecision, inferenceBatchSize, baseWeights);
    }
}
