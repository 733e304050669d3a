package io.streamtune.localstack.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.streamtune.localstack.Listeners;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
class RealServersTest {

    @Test
    void aRecordRoundTripsThroughTheBroker(KafkaEndpoint kafka) throws Exception {
        String topic = "round-trip-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }

        RecordMetadata written = KafkaClients.produce(kafka, topic, "example-1", "{\"text\":\"hello\"}");

        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(kafka, topic, 1);
        assertEquals(1, read.size());
        assertEquals("example-1", read.get(0).key());
        assertEquals("{\"text\":\"hello\"}", read.get(0).value());
        assertEquals(written.offset(), read.get(0).offset());
    }

    @Test
    void anObjectRoundTripsThroughTheS3Server(S3Endpoint s3) throws Exception {
        byte[] content = "checkpoint bytes".getBytes(StandardCharsets.UTF_8);
        try (MinioClient client = MinioClient.builder()
                .endpoint(s3.endpoint())
                .credentials(s3.accessKey(), s3.secretKey())
                .region(s3.region())
                .build()) {
            String bucket = "round-trip-" + UUID.randomUUID().toString().substring(0, 8);
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            assertTrue(client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
            client.putObject(PutObjectArgs.builder().bucket(bucket).object("m/c1/manifest.json")
                    .stream(new ByteArrayInputStream(content), (long) content.length, null).build());
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object("m/c1/manifest.json").build())) {
                assertEquals("checkpoint bytes", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void theServersAreOnePerJvmAndPublished() {
        KafkaEndpoint kafka = RealServers.kafka();
        S3Endpoint s3 = RealServers.s3();

        assertEquals(kafka, RealServers.kafka());
        assertEquals(s3, RealServers.s3());
        assertEquals(kafka.bootstrapServers(), System.getProperty(RealServers.KAFKA_BOOTSTRAP_SERVERS));
        assertEquals(s3.endpoint(), System.getProperty(RealServers.S3_ENDPOINT));
        if (RealServers.usesDocker()) {
            assertEquals(S3Endpoint.MINIO, s3.kind());
        } else {
            assertEquals(S3Endpoint.S3PROXY, s3.kind());
            assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"), kafka.bootstrapServers());
            assertTrue(s3.endpoint().startsWith("http://127.0.0.1:"), s3.endpoint());
            if (Listeners.available()) { // bound to loopback only, as the kernel's socket tables show
                String bootstrap = kafka.bootstrapServers();
                assertNull(Listeners.notLoopbackOnly(Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1))));
                assertNull(Listeners.notLoopbackOnly(URI.create(s3.endpoint()).getPort()));
            }
        }
    }
}
