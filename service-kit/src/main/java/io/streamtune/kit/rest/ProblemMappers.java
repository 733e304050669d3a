package io.streamtune.kit.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.streamtune.contracts.ContractViolationException;
import io.streamtune.kit.security.KeyAuthenticationMechanism;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The errors every service maps the same way, as {@link Problem} bodies: a broken contract (400 with each
 * violation), a missing or unknown key (401 with a Bearer challenge), a key without the role (403), any HTTP error the framework raises (404 of an unknown path, 405, 406, 415...), and anything unexpected
 * (500 with a reference to the log line, never the exception). A service maps its own exceptions beside these.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(ContractViolationException e, UriInfo uri) {
        return Problem.of(400, "invalid_request", e.getMessage(), e.violations()).at(path(uri)).response();
    }

    /** A call that needs a principal came without a key (401, with the challenge). */
    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return unauthorized("This call needs a key: send 'Authorization: Bearer <key>' (or the "
                + KeyAuthenticationMechanism.API_KEY_HEADER + " / " + KeyAuthenticationMechanism.ADMIN_KEY_HEADER
                + " header).", uri);
    }

    /** The key sent is not one the service knows (401, with the challenge). */
    @ServerExceptionMapper
    public Response badKey(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized("The key is not valid.", uri);
    }

    /** A known principal without the role the call needs (403). */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Problem.of(Response.Status.FORBIDDEN, "forbidden", "This key may not make this call.").at(path(uri))
                .response();
    }

    private static Response unauthorized(String detail, UriInfo uri) {
        return Problem.of(Response.Status.UNAUTHORIZED, "unauthorized", detail).at(path(uri)).builder()
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"streamtune\"").build();
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
