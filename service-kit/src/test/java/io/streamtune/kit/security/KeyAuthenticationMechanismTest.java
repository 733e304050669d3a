package io.streamtune.kit.security;

import static io.streamtune.kit.security.KeyAuthenticationMechanism.presentedKey;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyAuthenticationMechanismTest {

    @Test
    void bearerFirstThenTheApiKeyThenTheAdminKeyHeader() {
        assertThat(presentedKey("Bearer  k1 ", "k2", "k3")).isEqualTo("k1");
        assertThat(presentedKey("bearer k1", null, null)).isEqualTo("k1");
        assertThat(presentedKey(null, " k2 ", "k3")).isEqualTo("k2");
        assertThat(presentedKey("Basic dXNlcjpwdw==", "", "k3")).isEqualTo("k3");
    }

    @Test
    void noKeyIsAnAnonymousCaller() {
        assertThat(presentedKey(null, null, null)).isNull();
        assertThat(presentedKey("Bearer ", " ", "")).isNull();
    }
}
