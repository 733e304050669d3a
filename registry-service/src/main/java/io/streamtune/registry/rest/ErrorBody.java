package io.streamtune.registry.rest;

import io.streamtune.contracts.Violation;
import java.util.List;

/** Every error answer: the status, a sentence, and for a bad request each field with what was wrong. */
public record ErrorBody(int status, String error, String message, List<Violation> violations) {
}
