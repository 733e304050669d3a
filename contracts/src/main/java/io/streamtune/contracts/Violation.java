package io.streamtune.contracts;

/**
 * One broken rule: which field (a JSON path such as {@code text} or {@code [3].label}) and why, in a sentence
 * that names the limit.
 */
public record Violation(String field, String reason) {

    public Violation {
        if (field == null || reason == null) {
            throw new IllegalArgumentException("A violation needs both a field and a reason.");
        }
    }

    /** The same violation, its field prefixed (e.g. with a batch index {@code [3]}). */
    public Violation under(String prefix) {
        return new Violation(prefix + (field.startsWith("[") ? "" : ".") + field, reason);
    }

    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
