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
        int inferenceBatchSize) {}
