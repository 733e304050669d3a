package io.streamtune.storage;

/** Base of the storage error taxonomy; callers decide by type (not found, conflict, retriable, corrupt). */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
