package io.streamtune.ingest.rest;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.streamtune.contracts.Rules;
import io.streamtune.contracts.Violation;
import io.streamtune.ingest.auth.ApiKey;
import io.streamtune.ingest.auth.ApiKeys;
import io.streamtune.ingest.auth.RateLimiter;
import io.streamtune.ingest.config.IngestConfig;
import io.streamtune.ingest.examples.BodyFormat;
import io.streamtune.ingest.metrics.IngestMetrics;
import io.streamtune.ingest.metrics.IngestMetrics.Reason;
import io.streamtune.kit.rest.Problem;
import io.streamtune.kit.security.KeyAuthenticationMechanism;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Everything decided before the body is read, in this order: API key (401), rate (429), model name (400),
 * permission on the model (403), content type (415), declared length (413). Requests in flight are limited
 * before this, by {@link InFlightGate}. The key is authenticated by the service kit's mechanism (Quarkus Security, {@link ApiKeys} as the
 * directory); the gate reads the resulting identity, so every refusal is counted and answered the same way.
 */
public class IngestGate {

    private final CurrentIdentityAssociation identity;
    private final RateLimiter limiter;
    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final Caller caller;

    public IngestGate(CurrentIdentityAssociation identity, RateLimiter limiter, IngestConfig config,
            IngestMetrics metrics, Caller caller) {
        this.identity = identity;
        this.limiter = limiter;
        this.config = config;
        this.metrics = metrics;
        this.caller = caller;
    }

    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request, ResourceInfo resource) {
        if (resource.getResourceMethod() == null || !resource.getResourceMethod().isAnnotationPresent(RequiresApiKey.class)) {
            return Uni.createFrom().nullItem();
        }
        long start = System.nanoTime();
        return identity.getDeferredIdentity().onItemOrFailure()
                .transform((who, failure) -> refusal(request, start, failure != null ? null : who));
    }

    /** @param who the caller's identity; null when the key it sent is not valid */
    private Response refusal(ContainerRequestContext request, long start, SecurityIdentity who) {
        if (who == null) {
            return unauthorized(start, "the API key is not valid");
        }
        Optional<ApiKey> key = Optional.ofNullable(who.getAttribute(ApiKeys.ATTRIBUTE));
        if (who.isAnonymous() || key.isEmpty()) {
            return unauthorized(start, "no API key: send 'Authorization: Bearer <key>' or '"
                    + KeyAuthenticationMechanism.API_KEY_HEADER + ": <key>'");
        }
        OptionalLong wait = limiter.tryAcquire(key.get());
        if (wait.isPresent()) {
            return refuse(start, Reason.RATE_LIMITED, rateLimited(key.get(), RateLimiter.Budget.REQUESTS,
                    wait.getAsLong()));
        }
        String model = request.getUriInfo().getPathParameters().getFirst("model");
        List<Violation> nameProblems = new ArrayList<>();
        Rules.modelName("model", model, nameProblems);
        if (!nameProblems.isEmpty()) {
            return refuse(start, Reason.INVALID_MODEL_NAME, Problem.of(Status.BAD_REQUEST, "invalid_model_name",
                    "the model in the path " + nameProblems.get(0).reason()).response());
        }
        if (!key.get().mayWrite(model)) {
            return refuse(start, Reason.FORBIDDEN, Problem.of(Status.FORBIDDEN, "forbidden",
                    "API key '" + key.get().name() + "' may not write model '" + model + "'").response());
        }
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        Optional<BodyFormat> format = BodyFormat.of(contentType);
        if (format.isEmpty()) {
            return refuse(start, Reason.UNSUPPORTED_MEDIA_TYPE, Problem.of(Status.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type", "Content-Type must be " + BodyFormat.SUPPORTED + ", got "
                            + (contentType == null ? "none" : "'" + cut(contentType) + "'")).response());
        }
        int max = config.limits().maxBodyBytes();
        if (request.getLength() > max) {
            return refuse(start, Reason.BODY_TOO_LARGE, ExamplesResource.bodyTooLarge(request.getLength(), max));
        }
        caller.admit(key.get(), format.get(), start);
        return null;
    }

    /** 429 naming the key and the budget it is over, with the whole seconds until it has enough again. */
    static Response rateLimited(ApiKey key, RateLimiter.Budget budget, long seconds) {
        return Problem.of(Status.TOO_MANY_REQUESTS, "rate_limited", "API key '" + key.name() + "' is over its "
                + budget.what() + " per second rate (streamtune.ingest.rate-limit); retry after " + seconds + " s")
                .response(Duration.ofSeconds(seconds));
    }

    private Response unauthorized(long start, String message) {
        Response r = Response.fromResponse(Problem.of(Status.UNAUTHORIZED, "unauthorized", message).response())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"streamtune-ingest\"").build();
        return refuse(start, Reason.UNAUTHORIZED, r);
    }

    private Response refuse(long start, Reason reason, Response response) {
        metrics.rejected(reason);
        metrics.latency(reason.tag(), System.nanoTime() - start);
        return response;
    }

    private static String cut(String s) {
        String c = s.length() > 100 ? s.substring(0, 100) + "…" : s;
        return c.replaceAll("\\p{Cntrl}", "?").toLowerCase(Locale.ROOT);
    }
}
