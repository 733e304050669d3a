package io.streamtune.storage;

/**
 * A conditional write lost: the object already exists (an immutable version), or changed since it was read (the
 * champion pointer). Re-read and decide again; retrying the same write cannot succeed.
 */
public class ConflictException extends StorageException {

    public ConflictException(String message) {
        super(message);
    }
}
