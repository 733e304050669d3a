package io.streamtune.ingest.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.HeldoutSplit;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.ingest.support.TestKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-23T18:00:00Z");
    private final ModelSpec spam = new ModelSpec(null, 0, null, "spam", LabelSet.closed("ham", "spam"), null, 50, 20,
            0, null, null);

    private ValidatedBatch validate(ModelSpec spec, String json) throws Exception {
        ParsedBody parsed = new ExampleParser(1000).parse(json.getBytes(StandardCharsets.UTF_8), BodyFormat.JSON);
        return BatchValidator.validate(spec, TestKeys.HELDOUT, "demo", parsed, NOW);
    }

    @Test
    void placesValidExamplesAndStampsTheSource() throws Exception {
        ValidatedBatch b = validate(spam, "[{\"id\":\"msg-42\",\"text\":\"win\",\"label\":\"spam\"},"
                + "{\"text\":\"lunch?\",\"label\":\"ham\"}]");
        assertThat(b.valid()).isTrue();
        assertThat(b.examples()).hasSize(2);
        ValidatedBatch.Placed first = b.examples().get(0);
        assertThat(first.example().id()).isEqualTo("msg-42");
        assertThat(first.example().source()).isEqualTo("demo");
        assertThat(first.example().model()).isEqualTo("spam");
        assertThat(first.example().eventTime()).isEqualTo(NOW);
        // bucket(dev key, "spam", "msg-42") = 26, over 20 %: train
        assertThat(first.side()).isEqualTo(HeldoutSplit.Side.TRAIN);
        assertThat(b.examples().get(1).example().id()).matches("c-[0-9a-f]{32}");
    }

    @Test
    void anExampleWithoutIdGetsOneMadeOfModelSourceLabelAndText() throws Exception {
        // computed with Python: h = sha256(); for f in (model, source, label, text): b = f.encode();
        // h.update(len(b).to_bytes(4, "big") + b); "c-" + h.hexdigest()[:32]
        String id = validate(spam, "{\"text\":\"Lunch at noon?\",\"label\":\"ham\"}").examples().get(0).example().id();
        assertThat(id).isEqualTo("c-6943abf13de73f84a78873319f905754");
        assertThat(ContentId.of("spam", "demo", "ham", "café ☕")).isEqualTo("c-de19c337f60807ded4dda170039069a5");
        // a resend, with another eventTime and metadata, is the same example
        assertThat(validate(spam, "{\"text\":\"Lunch at noon?\",\"label\":\"ham\",\"eventTime\":"
                + "\"2020-01-01T00:00:00Z\",\"metadata\":{\"try\":\"2\"}}").examples().get(0).example().id())
                .isEqualTo(id);
        assertThat(ContentId.of("spam", "demo", "spam", "Lunch at noon?")).isNotEqualTo(id);
        assertThat(ContentId.of("spam", "other", "ham", "Lunch at noon?")).isNotEqualTo(id);
        assertThat(ContentId.of("tickets", "demo", "ham", "Lunch at noon?")).isNotEqualTo(id);
        // field boundaries count: ("ab", "c") is not ("a", "bc")
        assertThat(ContentId.of("m", "s", "ab", "c")).isNotEqualTo(ContentId.of("m", "s", "a", "bc"));
    }

    @Test
    void theSplitFollowsTheKey() throws Exception {
        String batch = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "{\"id\":\"k-" + i
                + "\",\"text\":\"x\",\"label\":\"ham\"}").collect(java.util.stream.Collectors.joining(",", "[", "]"));
        ParsedBody parsed = new ExampleParser(1000).parse(batch.getBytes(StandardCharsets.UTF_8), BodyFormat.JSON);
        ValidatedBatch mine = BatchValidator.validate(spam, TestKeys.HELDOUT, "demo", parsed, NOW);
        ValidatedBatch again = BatchValidator.validate(spam, TestKeys.HELDOUT, "demo", parsed, NOW);
        ValidatedBatch other = BatchValidator.validate(spam, HeldoutSplit.Key.of("some-other-heldout-key"), "demo",
                parsed, NOW);
        int differ = 0;
        for (int i = 0; i < 200; i++) {
            assertThat(again.examples().get(i).side()).isEqualTo(mine.examples().get(i).side());
            differ += mine.examples().get(i).side() != other.examples().get(i).side() ? 1 : 0;
        }
        // 20 % held out under each key, independently: about 64 of 200 differ
        assertThat(differ).isBetween(30, 100);
    }

    @Test
    void oneBadExampleRefusesTheWholeBatchAndEveryProblemIsListed() throws Exception {
        ValidatedBatch b = validate(spam, "[{\"text\":\"ok\",\"label\":\"ham\"},"
                + "{\"text\":\"x\",\"label\":\"eggs\"},"
                + "{\"text\":\"" + "a".repeat(51) + "\",\"label\":\"ham\"},"
                + "{\"label\":\"ham\"},"
                + "{\"id\":\"../etc\",\"text\":\"x\",\"label\":\"ham\"},"
                + "{\"text\":\"x\",\"label\":\"ham\\nspam\"}]");
        assertThat(b.valid()).isFalse();
        assertThat(b.examples()).isEmpty();
        assertThat(b.violations()).extracting(ItemViolation::field)
                .containsExactly("[1].label", "[2].text", "[3].text", "[4].id", "[5].label");
        assertThat(b.violations().get(0).reason()).isEqualTo("must be one of [ham, spam], got 'eggs'");
        assertThat(b.violations().get(1).reason()).isEqualTo("must be at most 50 chars, got 51");
        assertThat(b.violations().get(4).reason()).contains("control characters");
    }

    @Test
    void duplicateIdsInOneBatchAreRefused() throws Exception {
        ValidatedBatch b = validate(spam, "[{\"id\":\"a\",\"text\":\"x\",\"label\":\"ham\"},"
                + "{\"id\":\"b\",\"text\":\"x\",\"label\":\"ham\"},{\"id\":\"a\",\"text\":\"y\",\"label\":\"spam\"}]");
        assertThat(b.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("[2].id");
            assertThat(v.reason()).contains("repeats the id of example [0]");
        });
    }

    @Test
    void anOpenLabelSetTakesNewLabelsButNotControlCharacters() throws Exception {
        ModelSpec open = ModelSpec.of("tickets", LabelSet.open("billing"));
        assertThat(validate(open, "{\"text\":\"x\",\"label\":\"shipping\"}").valid()).isTrue();
        assertThat(validate(open, "{\"text\":\"x\",\"label\":\"a\\u0000b\"}").violations())
                .extracting(ItemViolation::field).containsExactly("[0].label");
    }

    @Test
    void textsWithNulAreRefused() throws Exception {
        assertThat(validate(spam, "{\"text\":\"a\\u0000b\",\"label\":\"ham\"}").violations()).singleElement()
                .extracting(ItemViolation::reason).asString().contains("NUL");
    }
}
