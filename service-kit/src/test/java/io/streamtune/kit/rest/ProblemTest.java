package io.streamtune.kit.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.Violation;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void aBadRequestCarriesItsTypeCodeAndEveryViolation() throws Exception {
        Problem p = Problem.of(400, "invalid_request", "2 fields are wrong",
                List.of(new Violation("name", "must match [a-z0-9-]+"), new Violation("labels", "is required")))
                .at("/api/v1/models/x");
        JsonNode json = EventJson.mapper().readTree(p.json());
        assertThat(json.get("type").asText()).isEqualTo("urn:streamtune:problem:invalid_request");
        assertThat(json.get("title").asText()).isEqualTo("Bad Request");
        assertThat(json.get("status").asInt()).isEqualTo(400);
        assertThat(json.get("detail").asText()).isEqualTo("2 fields are wrong");
        assertThat(json.get("instance").asText()).isEqualTo("/api/v1/models/x");
        assertThat(json.get("code").asText()).isEqualTo("invalid_request");
        assertThat(json.get("violations").get(1).get("field").asText()).isEqualTo("labels");
    }

    @Test
    void aPlainHttpErrorIsAboutBlankWithoutEmptyMembers() throws Exception {
        JsonNode json = EventJson.mapper().readTree(Problem.http(405, null).json());
        assertThat(json.get("type").asText()).isEqualTo("about:blank");
        assertThat(json.get("detail").asText()).isEqualTo("Method Not Allowed");
        assertThat(json.has("violations")).isFalse();
        assertThat(json.has("instance")).isFalse();
    }

    @Test
    void theResponseIsProblemJsonAndRoundsRetryAfterUp() {
        Response r = Problem.of(Response.Status.SERVICE_UNAVAILABLE, "kafka_unavailable", "no broker")
                .response(Duration.ofMillis(1_200));
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("2");
    }
}
