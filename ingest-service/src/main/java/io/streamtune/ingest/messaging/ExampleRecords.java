package io.streamtune.ingest.messaging;

import io.streamtune.contracts.EventJson;
import io.streamtune.ingest.examples.ValidatedBatch;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;

/** An accepted example as the record both ingest paths (HTTP and raw Kafka) write, and the producer's size bound. */
public final class ExampleRecords {

    private ExampleRecords() {
    }

    /** On its side's topic ({@code streamtune.<model>.train|heldout}), key = example id, value = its JSON. */
    public static ProducerRecord<byte[], byte[]> of(ValidatedBatch.Placed p) {
        return new ProducerRecord<>(p.side().topic(p.example().model()),
                p.example().id().getBytes(StandardCharsets.UTF_8), EventJson.write(p.example()));
    }

    /** The producer's own bound on a record's size (KafkaProducer#ensureValidRecordSize), to check before sending. */
    public static int sizeUpperBound(ProducerRecord<byte[], byte[]> record) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                record.key(), record.value(), record.headers().toArray());
    }

    /** The {@code max.request.size} of producer properties: a record over it is refused by send(). */
    public static int maxRecordBytes(Map<String, Object> producerProperties) {
        Object max = producerProperties.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        return max == null ? 1024 * 1024 : Integer.parseInt(String.valueOf(max).strip());
    }
}
