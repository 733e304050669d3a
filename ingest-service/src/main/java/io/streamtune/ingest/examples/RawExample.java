package io.streamtune.ingest.examples;

import java.time.Instant;
import java.util.Map;

/**
 * One example as the client sent it, after type checks: fields the client left out are null. Field rules (lengths,
 * label set) are applied later, against the model's spec.
 */
public record RawExample(int index, String id, String text, String label, Instant eventTime,
        Map<String, String> metadata) {
}
