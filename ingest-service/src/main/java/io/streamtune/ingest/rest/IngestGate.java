package io.streamtune.ingest.rest;

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
 * permission on the model (403), content type (415), declared length (413). A refused request never has its
 * body buffered.
 */
public class IngestGate {

    public static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "bearer ";

    private final ApiKeys keys;
    private final RateLimiter limiter;
    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final Caller caller;

    public IngestGate(ApiKeys keys, RateLimiter limiter, IngestConfig config, IngestMetrics metrics, Caller caller) {
        this.keys = keys;
        this.limiter = limiter;
        this.config = config;
        this.metrics = metrics;
        this.caller = caller;
    }

    @ServerRequestFilter
    public Optional<Response> check(ContainerRequestContext request, ResourceInfo resource) {
        if (resource.getResourceMethod() == null || !resource.getResourceMethod().isAnnotationPresent(RequiresApiKey.class)) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        Response refused = refusal(request, start);
        return Optional.ofNullable(refused);
    }

    private Response refusal(ContainerRequestContext request, long start) {
        String presented = presentedKey(request);
        if (presented == null) {
            return unauthorized(start, "no API key: send 'Authorization: Bearer <key>' or '" + API_KEY_HEADER + ": <key>'");
        }
        Optional<ApiKey> key = keys.authenticate(presented);
        if (key.isEmpty()) {
            return unauthorized(start, "the API key is not valid");
        }
        OptionalLong wait = limiter.tryAcquire(key.get());
        if (wait.isPresent()) {
            return refuse(start, Reason.RATE_LIMITED, Problem.of(Status.TOO_MANY_REQUESTS, "rate_limited",
                    "API key '" + key.get().name() + "' is over its request rate; retry after " + wait.getAsLong() + " s")
                    .response(Duration.ofSeconds(wait.getAsLong())));
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

    /** The key from {@code Authorization: Bearer <key>}, else from {@code X-API-Key}; null when neither is sent. */
    static String presentedKey(ContainerRequestContext request) {
        String auth = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String key = auth.substring(BEARER.length()).strip();
            return key.isEmpty() ? null : key;
        }
        String key = request.getHeaderString(API_KEY_HEADER);
        return key == null || key.isBlank() ? null : key.strip();
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
