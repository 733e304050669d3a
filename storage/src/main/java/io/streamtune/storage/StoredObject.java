package io.streamtune.storage;

import java.time.Instant;

/** One object of a listing: its key and when it was last written (the server's clock). */
public record StoredObject(String key, Instant lastModified) {
}
