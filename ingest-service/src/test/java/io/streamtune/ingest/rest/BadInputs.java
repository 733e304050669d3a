package io.streamtune.ingest.rest;

import io.streamtune.ingest.support.Http;
import io.streamtune.ingest.support.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Requests a hostile or careless client sends, each with the status it must get and a phrase its message must hold.
 * Every id here starts with {@code bad-}, so a final check can prove none reached a topic.
 */
final class BadInputs {

    private BadInputs() {
    }

    static List<BadInput> all() {
        List<BadInput> l = new ArrayList<>();
        // --- JSON and bytes
        l.add(json("malformed JSON", "{\"id\":\"bad-1\",\"text\": \"x\",", 400, "is not valid JSON"));
        l.add(json("malformed JSON inside an array", "[{\"id\":\"bad-2\",\"text\":\"x\",\"label\":\"ham\"}, {\"text\":]",
                400, "is not valid JSON"));
        l.add(json("a JSON string instead of an object", "\"just text\"", 400, "must be a JSON object or an array"));
        l.add(json("an array of numbers", "[1, 2]", 400, "[0]"));
        l.add(json("content after the JSON value", "{\"id\":\"bad-3\",\"text\":\"x\",\"label\":\"ham\"} {}", 400,
                "content after the JSON value"));
        l.add(json("duplicate JSON keys", "{\"id\":\"bad-4\",\"text\":\"x\",\"text\":\"y\",\"label\":\"ham\"}", 400,
                "Duplicate field 'text'"));
        l.add(json("nesting 5,000 deep", "[".repeat(5000) + "]".repeat(5000), 400, "nesting depth"));
        l.add(new BadInput("invalid UTF-8", h -> h.post("spam").body(concat("{\"id\":\"bad-5\",\"text\":\"caf",
                new byte[] {(byte) 0xC3, (byte) 0x28}, "\",\"label\":\"ham\"}")), 400, "not valid UTF-8"));
        l.add(new BadInput("a raw NUL byte", h -> h.post("spam").body(concat("{\"id\":\"bad-6\",\"text\":\"a",
                new byte[] {0}, "b\",\"label\":\"ham\"}")), 400, "is not valid JSON"));
        l.add(json("an escaped NUL in the text", "{\"id\":\"bad-7\",\"text\":\"a\\u0000b\",\"label\":\"ham\"}", 400,
                "NUL"));
        l.add(json("an empty body", "", 400, "empty"));
        l.add(json("an empty batch", "[]", 400, "empty array"));
        l.add(new BadInput("empty NDJSON", h -> h.post("spam").contentType("application/x-ndjson").body("\n\n"), 400,
                "no examples"));
        l.add(new BadInput("a bad NDJSON line", h -> h.post("spam").contentType("application/x-ndjson")
                .body("{\"id\":\"bad-8\",\"text\":\"x\",\"label\":\"ham\"}\n{\"id\":\"bad-9\",\n"), 400, "line 2"));
        // --- fields
        l.add(json("text is a number", "{\"id\":\"bad-10\",\"text\":42,\"label\":\"ham\"}", 400,
                "[0].text\",\"reason\":\"must be a string, got a number"));
        l.add(json("label is a boolean", "{\"id\":\"bad-11\",\"text\":\"x\",\"label\":true}", 400, "[0].label"));
        l.add(json("id is an object", "{\"id\":{\"a\":1},\"text\":\"x\",\"label\":\"ham\"}", 400, "[0].id"));
        l.add(json("metadata is an array", "{\"id\":\"bad-12\",\"text\":\"x\",\"label\":\"ham\",\"metadata\":[1]}", 400,
                "[0].metadata"));
        l.add(json("a metadata value is a number", "{\"id\":\"bad-13\",\"text\":\"x\",\"label\":\"ham\","
                + "\"metadata\":{\"n\":1}}", 400, "[0].metadata.n"));
        l.add(json("17 metadata entries", "{\"id\":\"bad-14\",\"text\":\"x\",\"label\":\"ham\",\"metadata\":{"
                + IntStream.range(0, 17).mapToObj(i -> "\"k" + i + "\":\"v\"").collect(Collectors.joining(",")) + "}}",
                400, "at most 16 entries"));
        l.add(json("eventTime is not ISO-8601", "{\"id\":\"bad-15\",\"text\":\"x\",\"label\":\"ham\","
                + "\"eventTime\":\"yesterday\"}", 400, "ISO-8601"));
        l.add(json("no text", "{\"id\":\"bad-16\",\"label\":\"ham\"}", 400, "[0].text"));
        l.add(json("blank text", "{\"id\":\"bad-17\",\"text\":\"   \",\"label\":\"ham\"}", 400, "must not be empty"));
        l.add(json("no label", "{\"id\":\"bad-18\",\"text\":\"x\"}", 400, "[0].label"));
        l.add(json("an unknown field", "{\"id\":\"bad-19\",\"text\":\"x\",\"label\":\"ham\",\"colour\":\"red\"}", 400,
                "[0].colour"));
        l.add(json("a source in the body", "{\"id\":\"bad-20\",\"text\":\"x\",\"label\":\"ham\",\"source\":\"admin\"}",
                400, "API key"));
        l.add(json("a 1 MB text", "{\"id\":\"bad-21\",\"text\":\"" + "a".repeat(1_000_000) + "\",\"label\":\"ham\"}",
                400, "must be at most 20000 chars, got 1000000"));
        l.add(json("a label outside the closed set", "{\"id\":\"bad-22\",\"text\":\"x\",\"label\":\"eggs\"}", 400,
                "must be one of [ham, spam]"));
        l.add(json("label injection ../", "{\"id\":\"bad-23\",\"text\":\"x\",\"label\":\"../../etc/passwd\"}", 400,
                "must be one of [ham, spam]"));
        l.add(new BadInput("label injection with a newline (open label set)", h -> h.post("tickets")
                .body("{\"id\":\"bad-24\",\"text\":\"x\",\"label\":\"billing\\nurgent\"}"), 400, "control characters"));
        l.add(json("an id with path characters", "{\"id\":\"../bad-25\",\"text\":\"x\",\"label\":\"ham\"}", 400,
                "[0].id"));
        l.add(json("an id of 129 chars", "{\"id\":\"bad-" + "x".repeat(125) + "\",\"text\":\"x\",\"label\":\"ham\"}",
                400, "at most 128 chars"));
        l.add(json("duplicate ids in one batch", "[{\"id\":\"bad-26\",\"text\":\"x\",\"label\":\"ham\"},"
                + "{\"id\":\"bad-26\",\"text\":\"y\",\"label\":\"spam\"}]", 400, "repeats the id of example [0]"));
        l.add(json("one bad example spoils the batch", "[{\"id\":\"bad-27\",\"text\":\"fine\",\"label\":\"ham\"},"
                + "{\"id\":\"bad-28\",\"text\":\"fine too\",\"label\":\"spam\"},{\"id\":\"bad-29\",\"text\":\"x\","
                + "\"label\":\"nope\"}]", 400, "[2].label"));
        // --- size
        l.add(json("10,001 examples", batch(10_001), 413, "more than 1000 examples"));
        l.add(json("1,001 examples", batch(1_001), 413, "more than 1000 examples"));
        l.add(json("a 5 MB body", "{\"id\":\"bad-30\",\"text\":\"" + "a".repeat(5 * 1024 * 1024) + "\",\"label\":\"ham\"}",
                413, "over the limit of 4194304 bytes"));
        l.add(new BadInput("a 5 MB chunked body", h -> h.post("spam").chunked(("{\"id\":\"bad-31\",\"text\":\""
                + "a".repeat(5 * 1024 * 1024) + "\",\"label\":\"ham\"}").getBytes(StandardCharsets.UTF_8)), 413,
                "over the limit of 4194304 bytes"));
        l.add(new BadInput("a batch whose 2nd example is over Kafka's record limit", h -> h.post("big")
                .body("[{\"id\":\"bad-32\",\"text\":\"fine\",\"label\":\"a\"},{\"id\":\"bad-33\",\"text\":\""
                        + "\u00e9".repeat(600_000) + "\",\"label\":\"a\"}]"), 413, "example [1] is"));
        // --- model in the path
        l.add(new BadInput("an unknown model", h -> h.post("nosuchmodel").body(one()), 404, "no model named 'nosuchmodel'"));
        l.add(new BadInput("a model name with an encoded slash", h -> h.post("..%2F..%2Fetc").body(one()), 400,
                "the model in the path must match"));
        l.add(new BadInput("an upper-case model name", h -> h.post("Spam").body(one()), 400,
                "the model in the path must match"));
        // --- content type
        l.add(new BadInput("text/plain", h -> h.post("spam").contentType("text/plain").body(one()), 415,
                "Content-Type must be application/json or application/x-ndjson"));
        l.add(new BadInput("no content type", h -> h.post("spam").contentType(null).body(one()), 415, "got none"));
        l.add(new BadInput("JSON in Latin-1", h -> h.post("spam").contentType("application/json; charset=ISO-8859-1")
                .body(one()), 415, "UTF-8"));
        // --- keys
        l.add(new BadInput("no API key", h -> h.post("spam").key(null).body(one()), 401, "no API key"));
        l.add(new BadInput("a wrong API key", h -> h.post("spam").key("not-the-key").body(one()), 401,
                "the API key is not valid"));
        l.add(new BadInput("Basic instead of Bearer", h -> h.post("spam").header("Authorization", "Basic ZGVtbzpkZW1v")
                .body(one()), 401, "no API key"));
        l.add(new BadInput("a key for another model", h -> h.post("spam").key(TestKeys.OTHER_KEY).body(one()), 403,
                "API key 'other' may not write model 'spam'"));
        return l;
    }

    private static BadInput json(String name, String body, int status, String mentions) {
        return new BadInput(name, h -> h.post("spam").body(body), status,
                mentions);
    }

    private static String one() {
        return "{\"id\":\"bad-one\",\"text\":\"x\",\"label\":\"ham\"}";
    }

    private static String batch(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"id\":\"bad-b" + i + "\",\"text\":\"x\",\"label\":\"ham\"}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static byte[] concat(String a, byte[] b, String c) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] z = c.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[x.length + b.length + z.length];
        System.arraycopy(x, 0, out, 0, x.length);
        System.arraycopy(b, 0, out, x.length, b.length);
        System.arraycopy(z, 0, out, x.length + b.length, z.length);
        return out;
    }
}

/** One bad request, the status it must get, and a phrase its answer must hold. */
record BadInput(String name, Function<Http, Http.Call> request, int status, String mentions) {
    @Override
    public String toString() {
        return name;
    }
}
