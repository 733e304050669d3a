package io.streamtune.kit.rest;

import io.streamtune.contracts.ContractViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The errors every service maps the same way, as {@link Problem} bodies: a broken contract (400 with each
 * violation), any HTTP error the framework raises (404 of an unknown path, 405, 406, 415...), and anything unexpected
 * (500 with a reference to the log line, never the exception). A service maps its own exceptions beside these.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(ContractViolationException e, UriInfo uri) {
        return Problem.of(400, "invalid_request", e.getMessage(), e.violations()).at(path(uri)).response();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        return Problem.http(e.getResponse().getStatus(), e.getMessage()).at(path(uri)).response();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        String ref = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s", ref);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal_error",
                "The request failed on the server; the service's log has it under " + ref + ".").at(path(uri))
                .response();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
