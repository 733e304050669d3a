package io.streamtune.storage;

/** The server was unreachable, timed out or answered 5xx: the same call may succeed later. */
public class RetriableStorageException extends StorageException {

    public RetriableStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
