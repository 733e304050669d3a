package io.streamtune.storage;

/** A value read from the store with the ETag it had, for a later compare-and-swap. */
public record Versioned<T>(T value, String etag) {
}
