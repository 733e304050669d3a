package io.streamtune.client;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A registry version's serving files in the local cache, verified against the sizes and SHA-256s the registry gave.
 *
 * @param directory the folder holding {@code model.onnx}, {@code tokenizer.json} and {@code labels.json}
 * @param version   the registry version they are
 */
public record ServingFiles(Path directory, ModelVersion version) {

    /** Loads the files into ONNX Runtime; the caller closes the model. */
    public OnnxModel load() throws IOException {
        return OnnxModel.load(directory, version);
    }
}
