package io.streamtune.registry.rest;

import io.streamtune.contracts.ContractViolationException;
import io.streamtune.registry.promotion.AnnouncementException;
import io.streamtune.storage.ConflictException;
import io.streamtune.storage.NotFoundException;
import io.streamtune.storage.RetriableStorageException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors as {@link ErrorBody} JSON: never a stack trace. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response invalid(ContractViolationException e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(400, "Bad Request", e.getMessage(), e.violations())).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return body(404, "Not Found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return body(409, "Conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unavailable(RetriableStorageException e) {
        return unavailable("The object store is unavailable: " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response unavailable(AnnouncementException e) {
        return unavailable(e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return body(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        String ref = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s", ref);
        return body(500, "Internal Server Error", "Unexpected error; the registry's log has it under " + ref + ".");
    }

    private static Response unavailable(String message) {
        return Response.status(503).header("Retry-After", "5").type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(503, "Service Unavailable", message, List.of())).build();
    }

    static Response body(int status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(status, error, message, List.of())).build();
    }
}
