package io.streamtune.kit.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.streamtune.contracts.EventJson;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Every error answer of every service, as RFC 9457 problem details ({@code application/problem+json}): the problem
 * type (a URN naming the short code), a title, the status, a sentence that says what was wrong and the limit, and
 * for a bad request each violation (field and reason, the item's index where a batch was sent). Never a stack
 * trace. Extension members: {@code code} (the short code, stable for clients to switch on) and {@code violations}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details: what was wrong with the request; nothing of it "
        + "was written")
public record Problem(
        @Schema(example = "urn:streamtune:problem:invalid_examples") String type,
        @Schema(example = "Bad Request") String title,
        @Schema(example = "400") int status,
        @Schema(example = "1 of 2 examples is invalid; nothing was written") String detail,
        @Schema(example = "/api/v1/models/spam/examples") String instance,
        @Schema(example = "invalid_examples") String code,
        List<?> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:streamtune:problem:";

    public Problem {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    /** A problem with a short code: its type is {@code urn:streamtune:problem:<code>}. */
    public static Problem of(Response.Status status, String code, String detail) {
        return of(status.getStatusCode(), code, detail, List.of());
    }

    public static Problem of(int status, String code, String detail, List<?> violations) {
        return new Problem(TYPE_PREFIX + code, reason(status), status, detail, null, code, violations);
    }

    /** A plain HTTP error with no more specific type ({@code about:blank}, RFC 9457 §4.2.1). */
    public static Problem http(int status, String detail) {
        String title = reason(status);
        return new Problem("about:blank", title, status, detail == null || detail.isBlank() ? title : detail, null,
                title.toLowerCase().replace(' ', '_'), List.of());
    }

    public Problem at(String path) {
        return new Problem(type, title, status, detail, path, code, violations);
    }

    public Response response() {
        return builder().build();
    }

    /** The answer with a Retry-After header in whole seconds (429, 503). */
    public Response response(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return builder().header(HttpHeaders.RETRY_AFTER, seconds).build();
    }

    /** The response, to add headers to (WWW-Authenticate on a 401). */
    public Response.ResponseBuilder builder() {
        return Response.status(status).type(MEDIA_TYPE).entity(json());
    }

    /** Written here, not by a message body writer: a writer for {@code application/problem+json} is not a given. */
    String json() {
        try {
            return EventJson.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem body", e);
        }
    }

    private static String reason(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        return s == null ? (status >= 500 ? "Server Error" : "Error") : s.getReasonPhrase();
    }
}
