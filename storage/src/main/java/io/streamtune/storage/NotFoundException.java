package io.streamtune.storage;

/** The object, checkpoint or version does not exist (or is not complete, which is the same to a reader). */
public class NotFoundException extends StorageException {

    public NotFoundException(String message) {
        super(message);
    }
}
