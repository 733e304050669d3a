package io.streamtune.evaluator.heldout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * One held-out example as the evaluator keeps it.
 *
 * @param slice the time slice of {@code eventTime} (its start, ISO-8601)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeldoutExample(String id, String text, String label, Instant eventTime, String slice) {
}
