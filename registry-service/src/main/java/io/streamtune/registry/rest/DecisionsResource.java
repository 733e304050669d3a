package io.streamtune.registry.rest;

import io.streamtune.contracts.Rules;
import io.streamtune.contracts.Violation;
import io.streamtune.registry.promotion.DecisionLog;
import io.streamtune.registry.promotion.SpecStore;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The promotion log: every promotion, rejection (with the gates it failed) and rollback. */
@Path("/api/v1/models/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "decisions", description = "The promotion log")
public class DecisionsResource {

    static final int MAX_PAGE_SIZE = 200;
    static final int MAX_HISTORY = 5000;

    private final SpecStore specs;
    private final DecisionLog log;

    public DecisionsResource(SpecStore specs, DecisionLog log) {
        this.specs = specs;
        this.log = log;
    }

    @GET
    @Path("/decisions")
    @Operation(summary = "Decisions, newest first, paged (page from 0, size 1..200)")
    public DecisionLog.Page decisions(@RestPath String name, @RestQuery @DefaultValue("0") int page,
            @RestQuery @DefaultValue("20") int size) {
        List<Violation> v = new ArrayList<>();
        Rules.range("page", page, 0, 1_000_000, v);
        Rules.range("size", size, 1, MAX_PAGE_SIZE, v);
        if (!v.isEmpty()) {
            throw new InvalidRequestException(v);
        }
        Models.spec(specs, name);
        return log.page(name, page, size);
    }

    @GET
    @Path("/history")
    @Operation(summary = "The metric history of every evaluated checkpoint, oldest first (for charts)")
    public List<Views.HistoryPoint> history(@RestPath String name, @RestQuery @DefaultValue("1000") int limit) {
        List<Violation> v = new ArrayList<>();
        Rules.range("limit", limit, 1, MAX_HISTORY, v);
        if (!v.isEmpty()) {
            throw new InvalidRequestException(v);
        }
        Models.spec(specs, name);
        return log.history(name, limit).stream().map(Views.HistoryPoint::of).toList();
    }
}
