package io.streamtune.ingest.raw;

import io.streamtune.contracts.DlqHeaders;
import io.streamtune.contracts.HeldoutSplit;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.ingest.examples.BatchValidator;
import io.streamtune.ingest.examples.ExampleParser;
import io.streamtune.ingest.examples.ItemViolation;
import io.streamtune.ingest.examples.LabelBook;
import io.streamtune.ingest.examples.ParsedBody;
import io.streamtune.ingest.examples.RawExample;
import io.streamtune.ingest.examples.ValidatedBatch;
import io.streamtune.ingest.messaging.ExampleRecords;
import io.streamtune.kit.kafka.DeadLetterWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One raw record to the record ingest writes for it: the example on its train or held-out topic, validated by the
 * HTTP path's own parser and validator (one example per record; the record key is the id when the value has none),
 * or a dead letter whose headers say which fields broke which limit.
 */
public final class RawRecordReader {

    /** The consumer named in dead letters' headers. */
    public static final String CONSUMER = "ingest-service/raw-feedback";

    /** Reasons that are not a field: the {@code reason} tag of the dead-letter counter. */
    static final String MALFORMED = "malformed";
    static final String UNKNOWN_MODEL = "unknown_model";
    static final String UNKNOWN_FIELD = "unknown_field";
    static final String RECORD_TOO_LARGE = "record_too_large";
    /** The fields a reason tag may name; any other field a client invents counts as {@link #UNKNOWN_FIELD}. */
    static final Set<String> FIELDS = Set.of("id", "text", "label", "eventTime", "metadata", "model", "source");

    private final int maxRecordBytes;
    private final HeldoutSplit.Key splitKey;
    private final LabelBook labels;

    /**
     * @param maxRecordBytes the writing producer's max.request.size: a bigger example is refused, not retried
     * @param labels the cap on an open label set's distinct labels, shared with the HTTP path
     */
    public RawRecordReader(int maxRecordBytes, HeldoutSplit.Key splitKey, LabelBook labels) {
        this.maxRecordBytes = maxRecordBytes;
        this.splitKey = splitKey;
        this.labels = labels;
    }

    /** What becomes of a raw record: exactly one record to write, and what to count. */
    public sealed interface Outcome permits Accepted, Refused {
        ProducerRecord<byte[], byte[]> record();
    }

    public record Accepted(ValidatedBatch.Placed placed, ProducerRecord<byte[], byte[]> record) implements Outcome {
    }

    /** @param reason a bounded tag for metrics; {@code why} the full sentence in the dead letter */
    public record Refused(String reason, String why, ProducerRecord<byte[], byte[]> record) implements Outcome {
    }

    public Outcome read(ConsumerRecord<byte[], byte[]> raw, RawTopic topic, Optional<ModelSpec> spec, Instant now) {
        if (spec.isEmpty()) {
            return refused(raw, UNKNOWN_MODEL, List.of(), "no model named '" + topic.model()
                    + "' is defined (models are created in the registry)");
        }
        ParsedBody parsed = withId(ExampleParser.parseRecord(raw.value()), raw);
        ValidatedBatch batch = BatchValidator.validate(spec.get(), splitKey, topic.source(), parsed, now);
        List<ItemViolation> vs = batch.valid() ? labels.admit(spec.get(), batch.examples()) : batch.violations();
        if (!vs.isEmpty()) {
            List<String> fields = vs.stream().map(RawRecordReader::field).distinct().toList();
            String why = vs.stream().map(v -> field(v) + ": " + v.reason()).collect(Collectors.joining("; "));
            return refused(raw, tag(fields.get(0)), fields, why);
        }
        ValidatedBatch.Placed placed = batch.examples().get(0);
        ProducerRecord<byte[], byte[]> record = ExampleRecords.of(placed);
        int size = ExampleRecords.sizeUpperBound(record);
        if (size > maxRecordBytes) {
            return refused(raw, RECORD_TOO_LARGE, List.of("text"), "the example is " + size + " bytes as a Kafka "
                    + "record, over the producer's max.request.size of " + maxRecordBytes + " bytes");
        }
        return new Accepted(placed, record);
    }

    /**
     * The id: the value's own, else the record key, else one made of the record's place (stable, so a record read
     * twice before its transaction committed gets the same id both times).
     */
    private static ParsedBody withId(ParsedBody parsed, ConsumerRecord<byte[], byte[]> raw) {
        if (parsed.examples().size() != 1 || parsed.examples().get(0).id() != null) {
            return parsed;
        }
        RawExample e = parsed.examples().get(0);
        String id = raw.key() == null ? "raw." + raw.topic().substring(raw.topic().lastIndexOf('.') + 1) + "."
                + raw.partition() + "." + raw.offset() : ExampleParser.utf8OrNull(raw.key());
        if (id == null) {
            return new ParsedBody(List.of(), List.of(ItemViolation.of(0, "id", "is absent and the record key is not "
                    + "valid UTF-8; send the id in the value or a UTF-8 key")));
        }
        return new ParsedBody(List.of(new RawExample(e.index(), id, e.text(), e.label(), e.eventTime(),
                e.metadata())), parsed.violations());
    }

    private static Refused refused(ConsumerRecord<byte[], byte[]> raw, String reason, List<String> fields,
            String why) {
        ProducerRecord<byte[], byte[]> dead = DeadLetterWriter.record(raw, why, CONSUMER);
        if (!fields.isEmpty()) {
            dead.headers().add(DlqHeaders.FIELD, String.join(",", fields).getBytes(StandardCharsets.UTF_8));
        }
        return new Refused(reason, why, dead);
    }

    /** A violation's field without the batch index the HTTP path puts first: {@code text}, not {@code [0].text}. */
    private static String field(ItemViolation v) {
        String f = v.field();
        return f.startsWith("[0].") ? f.substring(4) : f.equals("[0]") ? "body" : f;
    }

    private static String tag(String field) {
        String root = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
        if (root.equals("body")) {
            return MALFORMED;
        }
        return FIELDS.contains(root) ? root : UNKNOWN_FIELD;
    }
}
