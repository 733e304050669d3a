package io.streamtune.ingest.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyFormatTest {

    @Test
    void acceptsJsonAndNdjsonInUtf8Only() {
        assertThat(BodyFormat.of("application/json")).contains(BodyFormat.JSON);
        assertThat(BodyFormat.of("Application/JSON; charset=\"UTF-8\"")).contains(BodyFormat.JSON);
        assertThat(BodyFormat.of("application/x-ndjson;charset=utf-8")).contains(BodyFormat.NDJSON);
        assertThat(BodyFormat.of("application/json; charset=iso-8859-1")).isEmpty();
        assertThat(BodyFormat.of("text/plain")).isEmpty();
        assertThat(BodyFormat.of(null)).isEmpty();
    }
}
