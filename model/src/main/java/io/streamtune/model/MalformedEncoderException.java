package io.streamtune.model;

/** The ONNX export is truncated, not ONNX at all, or lacks a tensor a BERT encoder needs. */
public class MalformedEncoderException extends ModelFormatException {

    public MalformedEncoderException(String message) {
        super(message);
    }

    public MalformedEncoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
