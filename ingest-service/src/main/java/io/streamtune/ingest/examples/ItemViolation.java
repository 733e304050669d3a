package io.streamtune.ingest.examples;

import io.streamtune.contracts.Violation;

/**
 * A broken rule in a request: the example's index in the batch (null for the body as a whole), the field as a JSON
 * path such as {@code [3].label}, and why.
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record ItemViolation(Integer index, String field, String reason) {

    public static ItemViolation body(String reason) {
        return new ItemViolation(null, "body", reason);
    }

    public static ItemViolation of(int index, String field, String reason) {
        return new ItemViolation(index, "[" + index + "]" + (field.isEmpty() ? "" : "." + field), reason);
    }

    public static ItemViolation of(int index, Violation v) {
        return of(index, v.field(), v.reason());
    }
}
