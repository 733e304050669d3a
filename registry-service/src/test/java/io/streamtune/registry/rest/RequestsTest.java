package io.streamtune.registry.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.contracts.ContractViolationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestsTest {

    static final String SPEC = "{\"labels\":{\"open\":false,\"values\":[\"spam\",\"ham\"]}}";

    @Test
    void readsASpec() {
        assertThat(Requests.spec("fuzz-a", utf8(SPEC)).labels().values()).containsExactly("spam", "ham");
    }

    /**
     * Found by FuzzIT: Jackson decodes the overlong form C0 AF as '/', so "sp" C0 AF "am" was stored as the label
     * "sp/am" (and published) instead of being refused as the invalid UTF-8 it is.
     */
    @Test
    void refusesASpecThatIsNotStrictUtf8() {
        byte[] overlong = splice(SPEC, SPEC.indexOf("am\""), (byte) 0xC0, (byte) 0xAF);
        assertThatThrownBy(() -> Requests.spec("fuzz-a", overlong)).isInstanceOfSatisfying(
                ContractViolationException.class, e -> {
                    assertThat(e.violations()).hasSize(1);
                    assertThat(e.violations().get(0).field()).isEqualTo("body");
                    assertThat(e.violations().get(0).reason()).isEqualTo("is not valid UTF-8: malformed byte "
                            + "sequence at byte offset " + SPEC.indexOf("am\""));
                });
        byte[] surrogate = splice(SPEC, SPEC.indexOf("am\""), (byte) 0xED, (byte) 0xA0, (byte) 0x80);
        assertThatThrownBy(() -> Requests.spec("fuzz-a", surrogate)).isInstanceOf(ContractViolationException.class);
    }

    @Test
    void refusesARollbackThatIsNotStrictUtf8() {
        String body = "{\"version\":1,\"reason\":\"ok\"}";
        assertThatThrownBy(() -> Requests.rollback(splice(body, body.indexOf("ok"), (byte) 0xFF)))
                .isInstanceOf(ContractViolationException.class).hasMessageContaining("not valid UTF-8");
    }

    private static byte[] splice(String json, int at, byte... bad) {
        byte[] b = utf8(json);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, at);
        out.writeBytes(bad);
        out.write(b, at, b.length - at);
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
