package io.streamtune.ingest.examples;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.streamtune.kit.rest.StrictUtf8;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request body into {@link RawExample}s: strict UTF-8 (a bad byte is an error, never replaced), strict
 * JSON (duplicate keys and trailing content rejected), and at most {@code maxBatch} examples.
 */
public final class ExampleParser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The parser of single-example records. */
    private static final ExampleParser RECORD = new ExampleParser(1);

    private final int maxBatch;

    public ExampleParser(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("The batch limit must be at least 1, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
    }

    public ParsedBody parse(byte[] body, BodyFormat format) throws BatchTooLargeException {
        if (body.length == 0) {
            return ParsedBody.rejected(ItemViolation.body(
                    "is empty; send one example object, a JSON array of them, or NDJSON (one object per line)"));
        }
        String text;
        try {
            text = StrictUtf8.decode(body);
        } catch (StrictUtf8.MalformedException e) {
            return ParsedBody.rejected(ItemViolation.body("is not valid UTF-8: malformed byte sequence at byte offset "
                    + e.offset()));
        }
        return format == BodyFormat.NDJSON ? parseLines(text) : parseJson(text, true);
    }

    /**
     * One Kafka record's value (the raw feedback path): the same strict UTF-8 and JSON, the same fields, but exactly
     * one example object per record.
     */
    public static ParsedBody parseRecord(byte[] value) {
        if (value == null || value.length == 0) {
            return ParsedBody.rejected(ItemViolation.body("is empty; send one example object per record"));
        }
        try {
            return RECORD.parseJson(StrictUtf8.decode(value), false);
        } catch (StrictUtf8.MalformedException e) {
            return ParsedBody.rejected(ItemViolation.body("is not valid UTF-8: malformed byte sequence at byte offset "
                    + e.offset()));
        } catch (BatchTooLargeException e) {
            throw new IllegalStateException("a record holds one example, never a batch", e);
        }
    }

    /** A client's string as UTF-8, or null when its bytes are not valid UTF-8 (a record key, say). */
    public static String utf8OrNull(byte[] bytes) {
        try {
            return StrictUtf8.decode(bytes);
        } catch (StrictUtf8.MalformedException e) {
            return null;
        }
    }

    private ParsedBody parseJson(String text, boolean arrays) throws BatchTooLargeException {
        List<RawExample> examples = new ArrayList<>();
        List<ItemViolation> violations = new ArrayList<>();
        int index = 0;
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                ExampleFields.read(index++, p.readValueAsTree(), examples, violations);
            } else if (first == JsonToken.START_ARRAY && arrays) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (index == maxBatch) {
                        throw new BatchTooLargeException(maxBatch);
                    }
                    ExampleFields.read(index++, p.readValueAsTree(), examples, violations);
                }
                if (index == 0) {
                    return ParsedBody.rejected(ItemViolation.body("is an empty array; send at least 1 example"));
                }
            } else {
                return ParsedBody.rejected(ItemViolation.body((arrays ? "must be a JSON object or an array of objects"
                        : "must be one JSON object (one example per record)") + ", got " + describe(first)));
            }
            if (p.nextToken() != null) {
                return ParsedBody.rejected(ItemViolation.body("holds content after the JSON value" + at(p.currentLocation())
                        + (arrays ? "; send one object or one array (or use application/x-ndjson)"
                                : "; send one example object per record")));
            }
        } catch (JsonProcessingException e) {
            return ParsedBody.rejected(ItemViolation.body("is not valid JSON: " + message(e)
                    + (index > 0 ? " (in or after example [" + (index - 1) + "])" : "")));
        } catch (IOException e) {
            return ParsedBody.rejected(ItemViolation.body("could not be read: " + e.getMessage()));
        }
        return new ParsedBody(examples, violations);
    }

    private ParsedBody parseLines(String text) throws BatchTooLargeException {
        List<RawExample> examples = new ArrayList<>();
        List<ItemViolation> violations = new ArrayList<>();
        int index = 0;
        int lineNo = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end;
            String line = text.substring(start, end);
            start = end + 1;
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            if (index == maxBatch) {
                throw new BatchTooLargeException(maxBatch);
            }
            try {
                ExampleFields.read(index, readLine(line), examples, violations);
            } catch (JsonProcessingException e) {
                violations.add(ItemViolation.of(index, "", "line " + lineNo + " is not valid JSON: " + message(e)));
            } catch (IOException e) {
                violations.add(ItemViolation.of(index, "", "line " + lineNo + " could not be read: " + e.getMessage()));
            }
            index++;
        }
        if (index == 0) {
            return ParsedBody.rejected(ItemViolation.body("holds no examples; send at least 1 line with a JSON object"));
        }
        return new ParsedBody(examples, violations);
    }

    /** One NDJSON line: exactly one JSON value (readTree alone would ignore what follows it). */
    private static JsonNode readLine(String line) throws IOException {
        try (JsonParser p = JSON.createParser(line)) {
            JsonNode node = p.readValueAsTree();
            if (p.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "content after the JSON value");
            }
            return node;
        }
    }

    private static String message(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        m = m == null ? e.getClass().getSimpleName() : m;
        if (m.length() > 200) {
            m = m.substring(0, 200) + "…";
        }
        return Shown.fieldName(m) + at(e.getLocation());
    }

    private static String at(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase();
        };
    }
}
