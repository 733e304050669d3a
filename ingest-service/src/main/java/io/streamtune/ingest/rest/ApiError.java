package io.streamtune.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamtune.ingest.examples.ItemViolation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of every error answer: the status, a short code, a sentence saying what was wrong and the limit, and
 * for invalid examples every violation by index and field. Never a stack trace.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Error", description = "What was wrong with the request; nothing of it was written")
public record ApiError(
        @Schema(example = "400") int status,
        @Schema(example = "invalid_examples") String error,
        @Schema(example = "1 of 2 examples is invalid; nothing was written") String message,
        List<ItemViolation> violations) {

    public static ApiError of(Response.Status status, String error, String message) {
        return new ApiError(status.getStatusCode(), error, message, List.of());
    }

    public Response response() {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(this).build();
    }

    /** The answer with a Retry-After header (429, 503). */
    public Response response(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(this)
                .header(HttpHeaders.RETRY_AFTER, seconds).build();
    }
}
