package io.streamtune.ingest.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as an {@link ApiError} JSON body: no HTML page, no stack trace. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Status s = Status.fromStatusCode(status);
        String reason = s == null ? "error" : s.getReasonPhrase();
        return new ApiError(status, reason.toLowerCase().replace(' ', '_'), reason, java.util.List.of()).response();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Unexpected error", e);
        return ApiError.of(Status.INTERNAL_SERVER_ERROR, "internal_error",
                "the request failed on the server; the log has the details").response();
    }
}
