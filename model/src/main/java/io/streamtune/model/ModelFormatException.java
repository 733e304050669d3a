package io.streamtune.model;

import java.io.IOException;

/**
 * A model file (ONNX export, tokenizer, checkpoint) that cannot be used; the message names the
 * file and the reason. Subclasses let callers decide by type.
 */
public class ModelFormatException extends IOException {

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
