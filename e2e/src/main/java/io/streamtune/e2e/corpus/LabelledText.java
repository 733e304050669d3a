package io.streamtune.e2e.corpus;

import java.time.Instant;

/**
 * One example of a corpus.
 *
 * @param group where it came from (e.g. {@code spam-2}); the report slices by it
 * @param period the stream phase it belongs to (e.g. {@code 2002}, {@code 2003}, {@code hard-ham})
 */
public record LabelledText(String id, String text, String label, String group, String period, Instant eventTime) {
}
