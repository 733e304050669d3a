package io.streamtune.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.ingest.config.IngestConfig;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    static IngestConfig.ApiKey key(String sha256, String... models) {
        return new IngestConfig.ApiKey() {
            @Override
            public String sha256() {
                return sha256;
            }

            @Override
            public List<String> models() {
                return List.of(models);
            }

            @Override
            public OptionalDouble requestsPerSecond() {
                return OptionalDouble.empty();
            }

            @Override
            public OptionalInt burst() {
                return OptionalInt.empty();
            }

            @Override
            public OptionalDouble examplesPerSecond() {
                return OptionalDouble.empty();
            }

            @Override
            public OptionalLong examplesBurst() {
                return OptionalLong.empty();
            }

            @Override
            public OptionalDouble bytesPerSecond() {
                return OptionalDouble.empty();
            }

            @Override
            public OptionalLong bytesBurst() {
                return OptionalLong.empty();
            }
        };
    }

    static String hex(String plaintext) {
        return HexFormat.of().formatHex(ApiKeys.sha256(plaintext));
    }

    @Test
    void findsTheKeyWhoseDigestMatches() {
        ApiKeys keys = new ApiKeys(Map.of("demo", key(hex("demo-key"), "*"), "crm", key(hex("crm-key").toUpperCase(),
                "tickets")));
        assertThat(keys.authenticate("demo-key")).hasValueSatisfying(k -> {
            assertThat(k.name()).isEqualTo("demo");
            assertThat(k.mayWrite("anything")).isTrue();
        });
        assertThat(keys.authenticate("crm-key")).hasValueSatisfying(k -> {
            assertThat(k.mayWrite("tickets")).isTrue();
            assertThat(k.mayWrite("spam")).isFalse();
        });
        assertThat(keys.authenticate("demo-key ")).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
    }

    @Test
    void theDocumentedDevKeyIsDemoKey() {
        assertThat(hex("demo-key")).isEqualTo("c48a01f49fd0f2cc404bc3cbbc80e91457a3d41bb429a695243de4c61794155c");
    }

    @Test
    void refusesAPlaintextKeyWhereADigestBelongs() {
        assertThatThrownBy(() -> new ApiKeys(Map.of("demo", key("demo-key", "*"))))
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> new ApiKeys(Map.of("demo", key(hex("x")))))
                .hasMessageContaining("models");
    }
}
