package io.streamtune.evaluator.evaluation;

/** A checkpoint's files are there and intact but do not make a model that can be scored (format, shape, labels). */
public class UnusableCheckpointException extends RuntimeException {

    public UnusableCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnusableCheckpointException(String message) {
        super(message);
    }
}
