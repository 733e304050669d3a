package io.streamtune.ingest.examples;

import java.util.List;

/** A request body read into examples, with every problem found on the way (type errors, bad JSON, bad bytes). */
public record ParsedBody(List<RawExample> examples, List<ItemViolation> violations) {

    public ParsedBody {
        examples = List.copyOf(examples);
        violations = List.copyOf(violations);
    }

    static ParsedBody rejected(ItemViolation v) {
        return new ParsedBody(List.of(), List.of(v));
    }
}
