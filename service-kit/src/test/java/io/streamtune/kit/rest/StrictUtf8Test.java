package io.streamtune.kit.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictUtf8Test {

    @Test
    void decodesUtf8() throws Exception {
        String text = "{\"label\":\"sp\u00e4m \u20ac \ud83d\ude00\"}";
        assertThat(StrictUtf8.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
        assertThat(StrictUtf8.decode(new byte[0])).isEmpty();
    }

    /** The forms Jackson's own UTF-8 reader decodes without a word: found by FuzzIT in the registry's bodies. */
    @Test
    void refusesOverlongFormsAndEncodedSurrogatesWithTheirOffset() {
        byte[] overlongSlash = {'{', '"', 'a', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        byte[] surrogate = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
        assertThatThrownBy(() -> StrictUtf8.decode(overlongSlash)).isInstanceOfSatisfying(
                StrictUtf8.MalformedException.class, e -> assertThat(e.offset()).isEqualTo(3));
        assertThatThrownBy(() -> StrictUtf8.decode(surrogate)).isInstanceOfSatisfying(
                StrictUtf8.MalformedException.class, e -> assertThat(e.offset()).isEqualTo(1));
    }

    @Test
    void refusesBadAndCutOffBytes() {
        assertThatThrownBy(() -> StrictUtf8.decode(new byte[] {'a', (byte) 0xFF})).isInstanceOfSatisfying(
                StrictUtf8.MalformedException.class, e -> assertThat(e.offset()).isEqualTo(1));
        assertThatThrownBy(() -> StrictUtf8.decode(new byte[] {'a', 'b', (byte) 0xC3})).isInstanceOfSatisfying(
                StrictUtf8.MalformedException.class, e -> assertThat(e.offset()).isEqualTo(2));
    }
}
