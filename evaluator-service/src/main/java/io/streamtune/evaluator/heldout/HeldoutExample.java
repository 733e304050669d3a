package io.streamtune.evaluator.heldout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One held-out example as the evaluator keeps it.
 *
 * @param slice the time slice of {@code eventTime} (its start, ISO-8601)
 * @param source the example's source (its API key), for the monitor's per-source figures; null in the held-out set
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeldoutExample(String id, String text, String label, Instant eventTime, String slice,
        @JsonInclude(JsonInclude.Include.NON_NULL) String source) {

    /** Without a source, as the held-out set keeps it. */
    public HeldoutExample(String id, String text, String label, Instant eventTime, String slice) {
        this(id, text, label, eventTime, slice, null);
    }
}
