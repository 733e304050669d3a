package io.streamtune.client;

import java.io.IOException;

/**
 * A downloaded serving file is not what the registry said it is (size or SHA-256): nothing of the download is left in
 * the cache.
 */
public final class CorruptDownloadException extends IOException {

    public CorruptDownloadException(String message) {
        super(message);
    }
}
