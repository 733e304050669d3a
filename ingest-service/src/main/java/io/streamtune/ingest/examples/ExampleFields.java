package io.streamtune.ingest.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The fields a client may send for one example, and their JSON types. Unknown fields are errors. */
final class ExampleFields {

    static final List<String> ALLOWED = List.of("id", "text", "label", "eventTime", "metadata");

    private ExampleFields() {
    }

    /** Adds the example to {@code out} when its types are right, else its violations to {@code violations}. */
    static void read(int index, JsonNode node, List<RawExample> out, List<ItemViolation> violations) {
        if (!node.isObject()) {
            violations.add(ItemViolation.of(index, "", "must be a JSON object, got " + type(node)));
            return;
        }
        int before = violations.size();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ALLOWED.contains(name)) {
                violations.add(ItemViolation.of(index, Shown.fieldName(name), unknownReason(name)));
            }
        }
        String id = string(index, node, "id", violations);
        String text = string(index, node, "text", violations);
        String label = string(index, node, "label", violations);
        Instant eventTime = instant(index, node, violations);
        Map<String, String> metadata = metadata(index, node, violations);
        if (violations.size() == before) {
            out.add(new RawExample(index, id, text, label, eventTime, metadata));
        }
    }

    private static String unknownReason(String name) {
        return switch (name) {
            case "source" -> "may not be sent: the source is the name of the API key that sent the example (or the "
                    + "source the raw topic belongs to)";
            case "model" -> "may not be sent: the model is the one named in the URL path (or in the raw topic's name)";
            default -> "is not a known field; allowed: " + String.join(", ", ALLOWED);
        };
    }

    private static String string(int index, JsonNode node, String field, List<ItemViolation> violations) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            violations.add(ItemViolation.of(index, field, "must be a string, got " + type(v)));
            return null;
        }
        return v.textValue();
    }

    private static Instant instant(int index, JsonNode node, List<ItemViolation> violations) {
        String s = string(index, node, "eventTime", violations);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            violations.add(ItemViolation.of(index, "eventTime",
                    "must be an ISO-8601 instant such as 2026-11-23T18:00:00Z, got " + Shown.quote(s)));
            return null;
        }
    }

    private static Map<String, String> metadata(int index, JsonNode node, List<ItemViolation> violations) {
        JsonNode v = node.get("metadata");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            violations.add(ItemViolation.of(index, "metadata", "must be an object of string values, got " + type(v)));
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isTextual()) {
                out.put(e.getKey(), e.getValue().textValue());
            } else {
                violations.add(ItemViolation.of(index, "metadata." + Shown.fieldName(e.getKey()),
                        "must be a string, got " + type(e.getValue())));
            }
        }
        return out;
    }

    static String type(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
