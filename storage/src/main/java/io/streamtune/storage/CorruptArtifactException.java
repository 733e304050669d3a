package io.streamtune.storage;

/** A stored file does not match its manifest (size or SHA-256), or a manifest cannot be parsed. */
public class CorruptArtifactException extends StorageException {

    public CorruptArtifactException(String message) {
        super(message);
    }

    public CorruptArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
