package io.streamtune.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API keys and limits come from environment variables in a deployment: the names documented must work. */
class IngestConfigTest {

    @Test
    void apiKeysAndLimitsComeFromEnvironmentVariables() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(IngestConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new EnvConfigSource(Map.of(
                        "STREAMTUNE_INGEST_API_KEYS__CRM__SHA256", "ab".repeat(32),
                        "STREAMTUNE_INGEST_API_KEYS__CRM__MODELS", "spam,tickets",
                        "STREAMTUNE_INGEST_API_KEYS__CRM__REQUESTS_PER_SECOND", "5",
                        "STREAMTUNE_INGEST_LIMITS_MAX_BATCH", "500",
                        "STREAMTUNE_INGEST_KAFKA_ACK_TIMEOUT", "3s",
                        "STREAMTUNE_INGEST_RAW_SOURCES__CRM__MODELS", "spam,tickets",
                        "STREAMTUNE_INGEST_RAW_INSTANCE_ID", "ingest-0",
                        "STREAMTUNE_INGEST_HELDOUT_KEY", "from-a-kubernetes-secret",
                        "STREAMTUNE_INGEST_LIMITS_MAX_IN_FLIGHT_PER_KEY", "4",
                        "STREAMTUNE_INGEST_RATE_LIMIT_EXAMPLES_PER_SECOND", "100"), 300))
                .build();
        IngestConfig c = config.getConfigMapping(IngestConfig.class);
        assertThat(c.apiKeys()).containsOnlyKeys("crm");
        assertThat(c.apiKeys().get("crm").sha256()).isEqualTo("ab".repeat(32));
        assertThat(c.apiKeys().get("crm").models()).isEqualTo(List.of("spam", "tickets"));
        assertThat(c.apiKeys().get("crm").requestsPerSecond()).hasValue(5.0);
        assertThat(c.limits().maxBatch()).isEqualTo(500);
        assertThat(c.limits().maxBodyBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(c.kafka().ackTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.raw().sources()).containsOnlyKeys("crm");
        assertThat(c.raw().sources().get("crm").models()).isEqualTo(List.of("spam", "tickets"));
        assertThat(c.raw().instanceId()).hasValue("ingest-0");
        assertThat(c.raw().groupId()).isEqualTo("streamtune-ingest-raw");
        assertThat(c.heldoutKey()).isEqualTo("from-a-kubernetes-secret");
        assertThat(c.limits().maxInFlightPerKey()).isEqualTo(4);
        assertThat(c.limits().maxInFlight()).isEqualTo(64);
        assertThat(c.rateLimit().examplesPerSecond()).isEqualTo(100.0);
        assertThat(c.rateLimit().bytesBurst()).isEqualTo(16L * 1024 * 1024);
        assertThat(c.kafka().producers()).isEqualTo(8);
    }
}
