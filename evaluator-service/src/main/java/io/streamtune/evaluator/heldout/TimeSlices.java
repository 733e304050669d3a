package io.streamtune.evaluator.heldout;

import java.time.Duration;
import java.time.Instant;

/** Cuts event time into slices of a fixed width, aligned on the epoch; a slice is named by its start (ISO-8601). */
public record TimeSlices(Duration width) {

    public TimeSlices {
        if (width == null || width.toSeconds() < 1) {
            throw new IllegalArgumentException("streamtune.evaluator.heldout.slice-width must be at least 1 second, got "
                    + width + ".");
        }
    }

    public String sliceOf(Instant eventTime) {
        long w = width.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(eventTime.getEpochSecond(), w) * w).toString();
    }
}
