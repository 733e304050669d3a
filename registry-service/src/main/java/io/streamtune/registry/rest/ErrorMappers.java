package io.streamtune.registry.rest;

import io.streamtune.kit.rest.Problem;
import io.streamtune.registry.promotion.AnnouncementException;
import io.streamtune.storage.ConflictException;
import io.streamtune.storage.NotFoundException;
import io.streamtune.storage.RetriableStorageException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The registry's own errors as {@link Problem} bodies; broken contracts, HTTP errors and the unexpected are mapped by
 * the service kit's {@link io.streamtune.kit.rest.ProblemMappers}.
 */
public class ErrorMappers {


    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of(Response.Status.NOT_FOUND, "not_found", e.getMessage()).response();
    }

    @ServerExceptionMapper
    public Response noChampion(NoChampionException e) {
        return Problem.of(Response.Status.NOT_FOUND, "no_champion", e.getMessage()).response();
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return Problem.of(Response.Status.CONFLICT, "conflict", e.getMessage()).response();
    }

    @ServerExceptionMapper
    public Response unavailable(RetriableStorageException e) {
        return unavailable("The object store is unavailable: " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response unavailable(AnnouncementException e) {
        return unavailable(e.getMessage());
    }



    private static Response unavailable(String message) {
        return Problem.of(Response.Status.SERVICE_UNAVAILABLE, "unavailable", message)
                .response(Duration.ofSeconds(5));
    }
}
