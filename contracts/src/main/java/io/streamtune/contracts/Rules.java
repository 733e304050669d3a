package io.streamtune.contracts;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The field rules every service applies the same way. Each check appends a {@link Violation} naming the field
 * and the limit instead of throwing, so a batch can report every bad item at once.
 */
public final class Rules {

    /** Lower-case letters, digits and '-', 1..63 chars: safe as a Kafka topic part and an object-store prefix. */
    public static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** Ids: letters, digits and {@code . _ : -}, starting with a letter or digit (so never {@code ..}). */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    public static final int MAX_ID_CHARS = 128;
    public static final int MAX_LABEL_CHARS = 128;
    /** The hard ceiling on any text, whatever a spec allows: 1,000,000 chars. */
    public static final int MAX_TEXT_CHARS = 1_000_000;
    public static final int MAX_METADATA_ENTRIES = 16;
    public static final int MAX_METADATA_KEY_CHARS = 64;
    public static final int MAX_METADATA_VALUE_CHARS = 256;
    public static final int MAX_LABELS = 10_000;

    private Rules() {
    }

    public static void modelName(String field, String value, List<Violation> out) {
        if (value == null || value.isEmpty()) {
            out.add(new Violation(field, "is required"));
        } else if (!MODEL_NAME.matcher(value).matches()) {
            out.add(new Violation(field, "must match [a-z0-9][a-z0-9-]{0,62} (lower-case letters, digits, '-'; "
                    + "at most 63 chars), got " + quote(value)));
        }
    }

    /**
     * A checkpoint lineage: a model's name (its primary variant) or {@code <model>.<variant>} (a challenger's, {@link
     * Variant#lineage}).
     */
    public static void lineage(String field, String value, List<Violation> out) {
        int dot = value == null ? -1 : value.indexOf('.');
        if (dot < 0) {
            modelName(field, value, out);
        } else if (!MODEL_NAME.matcher(value.substring(0, dot)).matches()
                || !Variant.NAME.matcher(value.substring(dot + 1)).matches()) {
            out.add(new Violation(field, "must be a model's name or <model>.<variant> (a challenger's checkpoints), "
                    + "got " + quote(value)));
        }
    }

    public static void id(String field, String value, List<Violation> out) {
        if (value == null || value.isEmpty()) {
            out.add(new Violation(field, "is required"));
        } else if (value.length() > MAX_ID_CHARS) {
            out.add(new Violation(field, "must be at most " + MAX_ID_CHARS + " chars, got " + value.length()));
        } else if (!ID.matcher(value).matches()) {
            out.add(new Violation(field, "may hold only letters, digits and . _ : - and must start with a letter or "
                    + "digit, got " + quote(value)));
        }
    }

    public static void label(String field, String value, List<Violation> out) {
        if (value == null || value.isBlank()) {
            out.add(new Violation(field, "must not be blank"));
        } else if (value.length() > MAX_LABEL_CHARS) {
            out.add(new Violation(field, "must be at most " + MAX_LABEL_CHARS + " chars, got " + value.length()));
        } else if (hasControlChar(value)) {
            out.add(new Violation(field, "must not contain control characters (newlines, tabs, NUL)"));
        } else if (!value.strip().equals(value)) {
            out.add(new Violation(field, "must not start or end with whitespace"));
        }
    }

    /** Checks a text against the hard ceiling and, when positive, a spec's own limit. */
    public static void text(String field, String value, int limit, List<Violation> out) {
        int max = limit > 0 ? Math.min(limit, MAX_TEXT_CHARS) : MAX_TEXT_CHARS;
        if (value == null || value.isBlank()) {
            out.add(new Violation(field, "must not be empty"));
        } else if (value.length() > max) {
            out.add(new Violation(field, "must be at most " + max + " chars, got " + value.length()));
        } else if (value.indexOf('\0') >= 0) {
            out.add(new Violation(field, "must not contain NUL characters (at index " + value.indexOf('\0') + ")"));
        }
    }

    public static void metadata(String field, Map<String, String> value, List<Violation> out) {
        if (value == null) {
            return;
        }
        if (value.size() > MAX_METADATA_ENTRIES) {
            out.add(new Violation(field, "must hold at most " + MAX_METADATA_ENTRIES + " entries, got " + value.size()));
            return;
        }
        value.forEach((k, v) -> {
            if (k == null || k.isBlank() || k.length() > MAX_METADATA_KEY_CHARS || hasControlChar(k)) {
                out.add(new Violation(field, "keys must be 1.." + MAX_METADATA_KEY_CHARS
                        + " chars without control characters, got " + quote(String.valueOf(k))));
            } else if (v == null || v.length() > MAX_METADATA_VALUE_CHARS || v.indexOf('\0') >= 0) {
                out.add(new Violation(field + "." + k, "must be a string of at most " + MAX_METADATA_VALUE_CHARS
                        + " chars without NUL"));
            }
        });
    }

    public static void required(String field, Object value, List<Violation> out) {
        if (value == null) {
            out.add(new Violation(field, "is required"));
        }
    }

    public static void range(String field, double value, double min, double max, List<Violation> out) {
        if (!(value >= min && value <= max)) {
            out.add(new Violation(field, "must be between " + min + " and " + max + ", got " + value));
        }
    }

    public static void range(String field, long value, long min, long max, List<Violation> out) {
        if (value < min || value > max) {
            out.add(new Violation(field, "must be between " + min + " and " + max + ", got " + value));
        }
    }

    static boolean hasControlChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Quotes a value for a message, cut to 80 chars so a hostile value cannot flood a log line. */
    static String quote(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        StringBuilder sb = new StringBuilder("'");
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append('\'').toString();
    }
}
