package io.streamtune.contracts;

import java.time.Instant;

/**
 * What every event on a Streamtune topic carries. Readers ignore unknown fields so the schema can grow; a
 * breaking change raises {@link #schemaVersion()}.
 */
public interface Event {

    int CURRENT_SCHEMA_VERSION = 1;

    /** Unique per emitted event (a random UUID); consumers use it to drop duplicates. */
    String eventId();

    int schemaVersion();

    Instant occurredAt();

    /** Fills the envelope's defaults: a random event id, the current schema version, now. */
    static String eventIdOrNew(String eventId) {
        return eventId == null || eventId.isBlank() ? java.util.UUID.randomUUID().toString() : eventId;
    }

    static int schemaVersionOrCurrent(int schemaVersion) {
        return schemaVersion <= 0 ? CURRENT_SCHEMA_VERSION : schemaVersion;
    }

    static Instant nowIfNull(Instant at) {
        return at == null ? Instant.now() : at;
    }
}
