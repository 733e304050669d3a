package io.streamtune.ingest.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleParserTest {

    private final ExampleParser parser = new ExampleParser(3);

    private ParsedBody json(String body) throws Exception {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8), BodyFormat.JSON);
    }

    private ParsedBody ndjson(String body) throws Exception {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8), BodyFormat.NDJSON);
    }

    @Test
    void readsOneObjectWithEveryField() throws Exception {
        ParsedBody p = json("{\"id\":\"a1\",\"text\":\"hello\",\"label\":\"ham\",\"eventTime\":\"2026-11-23T12:00:00Z\","
                + "\"metadata\":{\"lang\":\"en\"}}");
        assertThat(p.violations()).isEmpty();
        assertThat(p.examples()).containsExactly(new RawExample(0, "a1", "hello", "ham",
                Instant.parse("2026-11-23T12:00:00Z"), Map.of("lang", "en")));
    }

    @Test
    void readsAnArrayAndNdjsonInOrder() throws Exception {
        ParsedBody a = json("[{\"text\":\"x\",\"label\":\"a\"},{\"text\":\"y\",\"label\":\"b\"}]");
        assertThat(a.examples()).extracting(RawExample::index, RawExample::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, "x"), org.assertj.core.groups.Tuple.tuple(1, "y"));
        ParsedBody n = ndjson("{\"text\":\"x\",\"label\":\"a\"}\r\n\n{\"text\":\"y\",\"label\":\"b\"}\n");
        assertThat(n.violations()).isEmpty();
        assertThat(n.examples()).extracting(RawExample::text).containsExactly("x", "y");
    }

    @Test
    void reportsTheOffsetOfTheFirstBadUtf8Byte() throws Exception {
        byte[] body = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        ParsedBody p = parser.parse(body, BodyFormat.JSON);
        assertThat(p.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("body");
            assertThat(v.reason()).contains("not valid UTF-8").contains("byte offset 9");
        });
    }

    @Test
    void refusesOverlongAndSurrogateEncodings() throws Exception {
        // overlong '/' and an encoded UTF-16 surrogate are both invalid UTF-8, never silently decoded
        assertThat(parser.parse(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'}, BodyFormat.JSON).violations())
                .singleElement().extracting(ItemViolation::reason).asString().contains("UTF-8");
        assertThat(parser.parse(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, BodyFormat.JSON)
                .violations()).singleElement().extracting(ItemViolation::reason).asString().contains("UTF-8");
    }

    @Test
    void namesUnknownFieldsWrongTypesAndBadTimes() throws Exception {
        ParsedBody p = json("[{\"text\":1,\"label\":[\"a\"],\"color\":\"red\",\"source\":\"me\",\"eventTime\":\"yesterday\","
                + "\"metadata\":{\"k\":2}}]");
        assertThat(p.examples()).isEmpty();
        assertThat(p.violations()).extracting(ItemViolation::field).containsExactlyInAnyOrder(
                "[0].color", "[0].source", "[0].text", "[0].label", "[0].eventTime", "[0].metadata.k");
        assertThat(p.violations()).filteredOn(v -> v.field().equals("[0].text")).singleElement()
                .extracting(ItemViolation::reason).isEqualTo("must be a string, got a number");
        assertThat(p.violations()).filteredOn(v -> v.field().equals("[0].source")).singleElement()
                .extracting(ItemViolation::reason).asString().contains("API key");
    }

    @Test
    void refusesMalformedJsonDuplicateKeysAndTrailingContent() throws Exception {
        assertThat(json("{\"text\": \"x\", ").violations()).singleElement()
                .satisfies(v -> assertThat(v.reason()).startsWith("is not valid JSON").contains("line 1"));
        assertThat(json("{\"text\":\"x\",\"text\":\"y\"}").violations()).singleElement()
                .extracting(ItemViolation::reason).asString().contains("Duplicate field 'text'");
        assertThat(json("{\"text\":\"x\"} {\"text\":\"y\"}").violations()).singleElement()
                .extracting(ItemViolation::reason).asString().contains("content after the JSON value");
        assertThat(json("\"just a string\"").violations()).singleElement()
                .extracting(ItemViolation::reason).asString().contains("got a string");
        assertThat(ndjson("{\"text\":\"x\",\"label\":\"a\"}\n{oops}\n").violations()).singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("[1]");
                    assertThat(v.reason()).startsWith("line 2 is not valid JSON");
                });
    }

    @Test
    void refusesEmptyBodiesAndBatches() throws Exception {
        assertThat(json("").violations()).singleElement().extracting(ItemViolation::reason).asString().contains("empty");
        assertThat(json("[]").violations()).singleElement().extracting(ItemViolation::reason).asString()
                .contains("empty array");
        assertThat(ndjson("\n \n").violations()).singleElement().extracting(ItemViolation::reason).asString()
                .contains("no examples");
        assertThat(json("[1]").violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("[0]");
            assertThat(v.reason()).isEqualTo("must be a JSON object, got a number");
        });
    }

    @Test
    void stopsAtTheBatchLimit() throws Exception {
        String four = "[{\"text\":\"a\"},{\"text\":\"b\"},{\"text\":\"c\"},{\"text\":\"d\"}]";
        assertThatThrownBy(() -> json(four)).isInstanceOf(BatchTooLargeException.class)
                .hasMessageContaining("more than 3");
        assertThatThrownBy(() -> ndjson("{}\n{}\n{}\n{}\n")).isInstanceOf(BatchTooLargeException.class);
        assertThat(json("[{\"text\":\"a\"},{\"text\":\"b\"},{\"text\":\"c\"}]").examples()).hasSize(3);
    }

    @Test
    void escapesControlCharactersInFieldNames() throws Exception {
        ParsedBody p = json("{\"a\\nb\":\"x\"}");
        assertThat(p.violations()).singleElement().extracting(ItemViolation::field).isEqualTo("[0].a\\u000ab");
    }
}
