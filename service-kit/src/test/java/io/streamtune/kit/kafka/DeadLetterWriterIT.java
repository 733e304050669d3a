package io.streamtune.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.DlqHeaders;
import io.streamtune.contracts.Topics;
import io.streamtune.localstack.test.RealServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The one dead-letter format, written to and read back from the real broker. */
class DeadLetterWriterIT {

    @Test
    void aPoisonRecordLandsWithItsBytesAndWhereItCameFrom() throws Exception {
        Map<String, Object> common = KafkaClients.at(RealServers.kafka().bootstrapServers());
        String marker = UUID.randomUUID().toString();
        byte[] value = ("{not json " + marker).getBytes(StandardCharsets.UTF_8);
        // a String-keyed record (the registry's consumers) with a reason far over the header limit
        ConsumerRecord<String, byte[]> poison = new ConsumerRecord<>("streamtune.evaluations", 2, 41L,
                ConsumerRecord.NO_TIMESTAMP, TimestampType.NO_TIMESTAMP_TYPE, 0, value.length, "model-" + marker,
                value, new RecordHeaders(), Optional.empty());
        String reason = "x".repeat(5_000);
        RecordMetadata written;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(common, "dlq-it"))) {
            written = new DeadLetterWriter(producer).send(DeadLetterWriter.record(poison, reason, "registry-it"))
                    .get(30, TimeUnit.SECONDS);
        }
        assertThat(written.topic()).isEqualTo(Topics.DLQ);

        ConsumerRecord<byte[], byte[]> back = read(common, written);
        assertThat(back.value()).isEqualTo(value);
        assertThat(new String(back.key(), StandardCharsets.UTF_8)).isEqualTo("model-" + marker);
        assertThat(header(back, DlqHeaders.SOURCE_TOPIC)).isEqualTo("streamtune.evaluations");
        assertThat(header(back, DlqHeaders.SOURCE_PARTITION)).isEqualTo("2");
        assertThat(header(back, DlqHeaders.SOURCE_OFFSET)).isEqualTo("41");
        assertThat(header(back, DlqHeaders.CONSUMER)).isEqualTo("registry-it");
        assertThat(header(back, DlqHeaders.REASON)).hasSize(DeadLetterWriter.MAX_REASON_CHARS).startsWith("xxx")
                .endsWith("…");
    }

    @Test
    void aClosedProducerFailsTheFutureInsteadOfThrowing() {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(
                KafkaClients.at(RealServers.kafka().bootstrapServers()), "dlq-it-closed"));
        producer.close();
        var sent = new DeadLetterWriter(producer).send(DeadLetterWriter.record(
                new DeadLetterWriter.Source("t", 0, 0, "c"), null, null, null));
        assertThat(sent).isCompletedExceptionally();
    }

    private static ConsumerRecord<byte[], byte[]> read(Map<String, Object> common, RecordMetadata at) {
        TopicPartition tp = new TopicPartition(at.topic(), at.partition());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(common, null,
                "dlq-it-reader"))) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, at.offset());
            List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).records(tp).forEach(got::add);
            }
            assertThat(got).isNotEmpty();
            return got.get(0);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
