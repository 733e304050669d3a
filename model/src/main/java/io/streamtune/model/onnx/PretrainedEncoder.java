package io.streamtune.model.onnx;

import io.streamtune.model.encoder.EncoderWeights;
import java.io.IOException;
import java.io.InputStream;

/**
 * A pretrained encoder read from its source: weights with their shape, and the tokenizer.json
 * that goes with them. Host memory only; {@code Classifier.create} puts it on a device.
 *
 * @param weights encoder weights under HuggingFace names
 * @param tokenizerJson the HuggingFace tokenizer.json
 * @param origin where it came from, recorded in checkpoints
 */
public record PretrainedEncoder(EncoderWeights weights, byte[] tokenizerJson, String origin) {

    /** Reads and checks both files of {@code source}. */
    public static PretrainedEncoder load(EncoderSource source) throws IOException {
        EncoderWeights weights = OnnxEncoderReader.read(source);
        byte[] tokenizer;
        try (InputStream in = source.openTokenizer()) {
            tokenizer = in.readAllBytes();
        }
        return new PretrainedEncoder(weights, tokenizer, source.toString());
    }

    /** all-MiniLM-L6-v2 from the classpath. */
    public static PretrainedEncoder miniLm() throws IOException {
        return load(EncoderSource.miniLm());
    }
}
