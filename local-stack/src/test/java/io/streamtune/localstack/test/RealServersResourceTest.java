package io.streamtune.localstack.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RealServersResourceTest {

    @Test
    void startHandsQuarkusTheServersUnderTheServicesConfigKeys() {
        RealServersResource resource = new RealServersResource();
        resource.init(Map.of());

        Map<String, String> config = resource.start();

        assertEquals(Set.of("kafka.bootstrap.servers", "quarkus.kafka.devservices.enabled", "quarkus.devservices.enabled",
                "streamtune.s3.endpoint", "streamtune.s3.access-key", "streamtune.s3.secret-key", "streamtune.s3.region"),
                config.keySet());
        assertEquals(RealServers.kafka().bootstrapServers(), config.get("kafka.bootstrap.servers"));
        assertEquals(RealServers.s3().endpoint(), config.get("streamtune.s3.endpoint"));
        assertEquals(RealServers.s3().secretKey(), config.get("streamtune.s3.secret-key"));
        assertEquals("us-east-1", config.get("streamtune.s3.region"));
        assertEquals("false", config.get("quarkus.kafka.devservices.enabled"));
        assertEquals("false", config.get("quarkus.devservices.enabled"));
    }

    @Test
    void aServiceWithoutS3GetsOnlyKafka() {
        RealServersResource resource = new RealServersResource();
        resource.init(Map.of(RealServersResource.SERVERS_ARG, "kafka"));

        assertEquals(Set.of("kafka.bootstrap.servers", "quarkus.kafka.devservices.enabled", "quarkus.devservices.enabled"),
                resource.start().keySet());
    }

    @Test
    void anUnknownServerIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RealServersResource().init(Map.of(RealServersResource.SERVERS_ARG, "kafka,redis")));

        assertEquals("Init arg servers lists kafka and s3 only, not 'redis'.", e.getMessage());
    }
}
