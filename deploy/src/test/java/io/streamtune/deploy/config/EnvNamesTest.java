package io.streamtune.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvNamesTest {

    @Test
    void mapsPropertiesLikeSmallRye() {
        assertThat(EnvNames.of("streamtune.s3.access-key")).isEqualTo("STREAMTUNE_S3_ACCESS_KEY");
        assertThat(EnvNames.of("kafka.bootstrap.servers")).isEqualTo("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(EnvNames.of("streamtune.ingest.api-keys.\"app\".sha256"))
                .isEqualTo("STREAMTUNE_INGEST_API_KEYS__APP__SHA256");
        assertThat(EnvNames.of("list[0].path")).isEqualTo("LIST_0__PATH");
    }

    @Test
    void patternsMatchTheEnvironmentNamesOfMapKeysAndIndexes() {
        KeyPattern clients = KeyPattern.of("streamtune.ingest.api-keys.*.sha256");
        assertThat(clients.matchesEnv("STREAMTUNE_INGEST_API_KEYS__APP__SHA256")).isTrue();
        assertThat(clients.matchesEnv("STREAMTUNE_INGEST_API_KEYS_APP_SHA256")).isTrue();
        assertThat(clients.matchesEnv("STREAMTUNE_INGEST_API_KEYS__SHA256")).isFalse();
        assertThat(clients.matchesEnv("STREAMTUNE_INGEST_API_KEYS__APP__SHA512")).isFalse();

        KeyPattern routes = KeyPattern.of("demo.routes[*].path");
        assertThat(routes.matchesEnv("DEMO_ROUTES_0__PATH")).isTrue();
        assertThat(routes.matchesEnv("DEMO_ROUTES_X__PATH")).isFalse();

        KeyPattern plain = KeyPattern.of("streamtune.s3.access-key");
        assertThat(plain.matchesEnv("STREAMTUNE_S3_ACCESS_KEY")).isTrue();
        assertThat(plain.matchesEnv("STREAMTUNE_S3_ACCESS_KEY_ID")).isFalse();
    }
}
