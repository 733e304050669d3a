package io.streamtune.ingest.rest;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.streamtune.ingest.auth.ApiKey;
import io.streamtune.ingest.auth.ApiKeys;
import io.streamtune.ingest.auth.InFlightLimiter;
import io.streamtune.ingest.metrics.IngestMetrics;
import io.streamtune.ingest.metrics.IngestMetrics.Reason;
import io.streamtune.kit.rest.Problem;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Requests to the examples endpoint in progress, per API key (429) and overall (503). Pre-matching, so it runs on
 * the event loop before the body is read: a client that sends headers and then stalls holds a slot, not a worker
 * thread beyond its own. A request counts until its response has ended or its connection closed. Requests without
 * a valid key pass here; {@link IngestGate} answers them.
 */
public class InFlightGate {

    private static final Pattern EXAMPLES = Pattern.compile("/?api/v1/models/[^/]+/examples/?");

    private final CurrentIdentityAssociation identity;
    private final InFlightLimiter limiter;
    private final IngestMetrics metrics;

    public InFlightGate(CurrentIdentityAssociation identity, InFlightLimiter limiter, IngestMetrics metrics) {
        this.identity = identity;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> enter(ContainerRequestContext request, RoutingContext routing) {
        if (!"POST".equals(request.getMethod()) || !EXAMPLES.matcher(request.getUriInfo().getPath()).matches()) {
            return Uni.createFrom().nullItem();
        }
        long start = System.nanoTime();
        return identity.getDeferredIdentity().onItemOrFailure().transform((who, failure) -> {
            ApiKey key = failure == null && who != null ? who.getAttribute(ApiKeys.ATTRIBUTE) : null;
            if (key == null) {
                return null;
            }
            Optional<InFlightLimiter.Full> full = limiter.enter(key);
            if (full.isEmpty()) {
                Runnable exit = limiter.exitOnce(key); // the end handler may be told twice (response end, close)
                routing.addEndHandler(ended -> exit.run());
                return null;
            }
            metrics.rejected(Reason.TOO_MANY_IN_FLIGHT);
            metrics.latency(Reason.TOO_MANY_IN_FLIGHT.tag(), System.nanoTime() - start);
            return refusal(key, full.get()).response(Duration.ofSeconds(1));
        });
    }

    private Problem refusal(ApiKey key, InFlightLimiter.Full full) {
        int limit = limiter.limit(full);
        return full == InFlightLimiter.Full.KEY
                ? Problem.of(Status.TOO_MANY_REQUESTS, "too_many_in_flight", "API key '" + key.name() + "' already "
                        + "has " + limit + " requests in progress, the most allowed (limits.max-in-flight-per-key); "
                        + "wait for an answer before sending more")
                : Problem.of(Status.SERVICE_UNAVAILABLE, "overloaded", "this instance already handles " + limit
                        + " requests, the most allowed (limits.max-in-flight); retry after 1 s");
    }
}
