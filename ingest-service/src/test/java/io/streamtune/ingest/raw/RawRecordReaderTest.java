package io.streamtune.ingest.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.DlqHeaders;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.HeldoutSplit;
import io.streamtune.ingest.examples.LabelBook;
import io.streamtune.ingest.support.TestKeys;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RawRecordReaderTest {

    static final RawTopic TOPIC = RawTopic.of("spam", "crm");
    static final ModelSpec SPEC = new ModelSpec(null, 0, null, "spam", LabelSet.closed("ham", "spam"), null, 20, 25,
            0, null, null);
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    private final RawRecordReader reader = new RawRecordReader(1024 * 1024, TestKeys.HELDOUT, new LabelBook());

    @Test
    void aValidRecordGoesToItsSideWithTheTopicsSourceAndTheKeyAsId() {
        RawRecordReader.Outcome o = read("msg-1", "{\"text\":\"Win a cruise\",\"label\":\"spam\"}");
        assertThat(o).isInstanceOf(RawRecordReader.Accepted.class);
        LabelledExample e = EventJson.read(o.record().value(), LabelledExample.class);
        assertThat(e.id()).isEqualTo("msg-1");
        assertThat(e.source()).isEqualTo("crm");
        assertThat(e.model()).isEqualTo("spam");
        assertThat(new String(o.record().key(), StandardCharsets.UTF_8)).isEqualTo("msg-1");
        HeldoutSplit.Side side = HeldoutSplit.side(TestKeys.HELDOUT, "spam", "msg-1", 25);
        assertThat(o.record().topic()).isEqualTo(side.topic("spam"));
    }

    @Test
    void theValuesIdWinsOverTheKeyAndAKeylessIdlessRecordGetsAStableId() {
        assertThat(EventJson.read(read("k", "{\"id\":\"v\",\"text\":\"t\",\"label\":\"ham\"}").record().value(),
                LabelledExample.class).id()).isEqualTo("v");
        RawRecordReader.Outcome a = read(null, "{\"text\":\"t\",\"label\":\"ham\"}");
        assertThat(EventJson.read(a.record().value(), LabelledExample.class).id()).isEqualTo("raw.crm.0.7");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all                                  | malformed | body  | is not valid JSON",
        "[{\"text\":\"t\",\"label\":\"ham\"}]             | malformed | body  | one JSON object",
        "{\"label\":\"ham\"}                              | text      | text  | must not be empty",
        "{\"text\":\"t\",\"label\":\"eggs\"}              | label     | label | must be one of [ham, spam], got 'eggs'",
        "{\"text\":\"123456789012345678901\",\"label\":\"ham\"} | text | text | at most 20 chars, got 21",
        "{\"text\":\"t\",\"label\":\"ham\",\"model\":\"x\"}     | model | model | may not be sent",
        "{\"text\":\"t\",\"label\":\"ham\",\"source\":\"x\"}    | source | source | may not be sent",
        "{\"text\":\"t\",\"label\":\"ham\",\"colour\":\"x\"}    | unknown_field | colour | not a known field",
        "{\"text\":\"t\",\"label\":\"ham\",\"metadata\":{\"a\":1}} | metadata | metadata.a | must be a string",
    })
    void anInvalidRecordIsADeadLetterNamingTheFieldAndTheLimit(String value, String reason, String field,
            String message) {
        RawRecordReader.Outcome o = read("msg-2", value.strip());
        assertThat(o).isInstanceOf(RawRecordReader.Refused.class);
        assertThat(((RawRecordReader.Refused) o).reason()).isEqualTo(reason);
        ProducerRecord<byte[], byte[]> dead = o.record();
        assertThat(dead.topic()).isEqualTo(Topics.DLQ);
        assertThat(dead.value()).isEqualTo(value.strip().getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead, DlqHeaders.REASON)).startsWith(field + ": ").contains(message);
        assertThat(header(dead, DlqHeaders.FIELD)).isEqualTo(field);
        assertThat(header(dead, DlqHeaders.SOURCE_TOPIC)).isEqualTo(TOPIC.topic());
        assertThat(header(dead, DlqHeaders.SOURCE_OFFSET)).isEqualTo("7");
        assertThat(header(dead, DlqHeaders.CONSUMER)).isEqualTo(RawRecordReader.CONSUMER);
    }

    @Test
    void invalidUtf8AndUnknownModelsAndOversizedRecordsAreDeadLetters() {
        ConsumerRecord<byte[], byte[]> bad = new ConsumerRecord<>(TOPIC.topic(), 0, 7, null,
                new byte[] {'{', (byte) 0xC3, '}'});
        RawRecordReader.Refused utf8 = (RawRecordReader.Refused) reader.read(bad, TOPIC, Optional.of(SPEC), NOW);
        assertThat(utf8.reason()).isEqualTo("malformed");
        assertThat(utf8.why()).contains("not valid UTF-8");

        RawRecordReader.Refused unknown = (RawRecordReader.Refused) reader.read(record("a",
                "{\"text\":\"t\",\"label\":\"ham\"}"), TOPIC, Optional.empty(), NOW);
        assertThat(unknown.reason()).isEqualTo("unknown_model");
        assertThat(unknown.why()).contains("no model named 'spam'");

        RawRecordReader small = new RawRecordReader(100, TestKeys.HELDOUT, new LabelBook());
        RawRecordReader.Refused big = (RawRecordReader.Refused) small.read(record("a",
                "{\"text\":\"tttt\",\"label\":\"ham\"}"), TOPIC, Optional.of(SPEC), NOW);
        assertThat(big.reason()).isEqualTo("record_too_large");
        assertThat(big.why()).contains("max.request.size of 100 bytes");
    }

    @Test
    void aNewLabelPastAnOpenSetsCapIsDeadLettered() {
        ModelSpec open = ModelSpec.of("spam", LabelSet.open(2, "ham"));
        assertThat(reader.read(record("a", "{\"text\":\"t\",\"label\":\"spam\"}"), TOPIC, Optional.of(open), NOW))
                .isInstanceOf(RawRecordReader.Accepted.class);
        RawRecordReader.Refused third = (RawRecordReader.Refused) reader.read(record("b",
                "{\"text\":\"t\",\"label\":\"eggs\"}"), TOPIC, Optional.of(open), NOW);
        assertThat(third.reason()).isEqualTo("label");
        assertThat(third.why()).contains("label: is a new label").contains("at most 2 distinct labels (labels.maxLabels)");
        assertThat(reader.read(record("c", "{\"text\":\"t\",\"label\":\"spam\"}"), TOPIC, Optional.of(open), NOW))
                .as("a label already admitted is no new one").isInstanceOf(RawRecordReader.Accepted.class);
    }

    private RawRecordReader.Outcome read(String key, String value) {
        return reader.read(record(key, value), TOPIC, Optional.of(SPEC), NOW);
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, String value) {
        return new ConsumerRecord<>(TOPIC.topic(), 0, 7, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
