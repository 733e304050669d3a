package io.streamtune.model;

/** A checkpoint directory this build cannot restore: a file missing, a newer format, a shape off. */
public class IncompatibleCheckpointException extends ModelFormatException {

    public IncompatibleCheckpointException(String message) {
        super(message);
    }

    public IncompatibleCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
