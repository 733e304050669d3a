package io.streamtune.ingest.rest;

import io.smallrye.common.annotation.Blocking;
import io.streamtune.contracts.HeldoutSplit;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import io.streamtune.ingest.auth.ApiKey;
import io.streamtune.ingest.auth.RateLimiter;
import io.streamtune.ingest.config.IngestConfig;
import io.streamtune.ingest.examples.BatchTooLargeException;
import io.streamtune.ingest.examples.BatchValidator;
import io.streamtune.ingest.examples.ExampleParser;
import io.streamtune.ingest.examples.ItemViolation;
import io.streamtune.ingest.examples.LabelBook;
import io.streamtune.ingest.examples.ParsedBody;
import io.streamtune.ingest.examples.ValidatedBatch;
import io.streamtune.ingest.messaging.CommitInDoubtException;
import io.streamtune.ingest.messaging.ExampleWriter;
import io.streamtune.ingest.messaging.IngestTopics;
import io.streamtune.ingest.messaging.ModelSpecCache;
import io.streamtune.ingest.metrics.IngestMetrics;
import io.streamtune.ingest.metrics.IngestMetrics.Reason;
import io.streamtune.kit.rest.Problem;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.logging.Logger;

/** {@code POST /api/v1/models/{model}/examples}: validate a batch against the model's spec, write it, answer 202. */
@Path("/api/v1/models/{model}/examples")
public class ExamplesResource {

    private static final Logger LOG = Logger.getLogger(ExamplesResource.class);

    private final Caller caller;
    private final ModelSpecCache specs;
    private final IngestTopics topics;
    private final ExampleWriter writer;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private final ExampleParser parser;
    private final RateLimiter limiter;
    private final LabelBook labels;
    private final HeldoutSplit.Key splitKey;

    public ExamplesResource(Caller caller, ModelSpecCache specs, IngestTopics topics, ExampleWriter writer,
            IngestMetrics metrics, IngestConfig config, RateLimiter limiter, LabelBook labels,
            HeldoutSplit.Key splitKey) {
        this.caller = caller;
        this.limiter = limiter;
        this.labels = labels;
        this.splitKey = splitKey;
        this.specs = specs;
        this.topics = topics;
        this.writer = writer;
        this.metrics = metrics;
        this.config = config;
        this.parser = new ExampleParser(config.limits().maxBatch());
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @RequiresApiKey
    @Operation(summary = "Send labelled examples for a model",
            description = "One JSON object, a JSON array of objects, or NDJSON (one object per line). Each example: "
                    + "optional id, text, label, optional eventTime (ISO-8601) and optional metadata (a small map of "
                    + "strings). The source is the API key's name. The id is the idempotency key: consumers keep one "
                    + "example per id, so a resent example with the same id is not trained or evaluated twice. Without "
                    + "an id, the example gets one made of its content: \"c-\" + hex of the first 16 bytes of SHA-256 "
                    + "over model, source, label and text (not eventTime or metadata), so resending the same example "
                    + "is harmless too, and two identical examples are one. Answered 202 only once Kafka "
                    + "acknowledged every example (acks=all); a batch is one Kafka transaction, all or nothing: a "
                    + "refused batch leaves nothing visible to consumers.")
    @SecurityRequirement(name = "apiKey")
    @RequestBody(required = true, content = {
        @Content(mediaType = "application/json", schema = @Schema(implementation = ExampleDoc.class),
                examples = {
                    @ExampleObject(name = "one", summary = "One example",
                            value = "{\"id\": \"msg-42\", \"text\": \"Win a free cruise now!\", \"label\": \"spam\"}"),
                    @ExampleObject(name = "batch", summary = "A batch (all or nothing)",
                            value = "[{\"id\": \"msg-42\", \"text\": \"Win a free cruise now!\", \"label\": \"spam\"},"
                                    + " {\"text\": \"Lunch at noon?\", \"label\": \"ham\", "
                                    + "\"eventTime\": \"2026-11-23T12:00:00Z\", \"metadata\": {\"lang\": \"en\"}}]")}),
        @Content(mediaType = "application/x-ndjson", examples = @ExampleObject(name = "ndjson",
                value = "{\"id\": \"msg-42\", \"text\": \"Win a free cruise now!\", \"label\": \"spam\"}\n"
                        + "{\"id\": \"msg-43\", \"text\": \"Lunch at noon?\", \"label\": \"ham\"}\n"))})
    @APIResponse(responseCode = "202", description = "Every example is in Kafka; where each went",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = IngestAccepted.class),
                    examples = @ExampleObject(name = "accepted", value = "{\"model\": \"spam\", \"accepted\": 1, "
                            + "\"train\": 1, \"heldout\": 0, \"examples\": [{\"index\": 0, \"id\": \"msg-42\", "
                            + "\"split\": \"train\", \"topic\": \"streamtune.spam.train\", \"partition\": 0, "
                            + "\"offset\": 17}]}")))
    @APIResponse(responseCode = "400", description = "Invalid examples (every one listed by index, field and reason), "
            + "bad JSON or UTF-8, a bad model name, or new labels past an open label set's labels.maxLabels",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = "{\"status\": 400, \"error\": "
                            + "\"invalid_examples\", \"message\": \"1 example(s) are invalid; nothing was written\", "
                            + "\"violations\": [{\"index\": 1, \"field\": \"[1].label\", \"reason\": "
                            + "\"must be one of [ham, spam], got 'eggs'\"}]}")))
    @APIResponse(responseCode = "401", description = "No API key, or not a valid one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The API key may not write this model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body over the size limit (4 MB by default) or batch over the "
            + "example limit (1,000 by default)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Content-Type other than application/json or "
            + "application/x-ndjson (UTF-8)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "The API key is over its rate of requests, examples or body "
            + "bytes per second, or has too many requests in progress; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time (nothing was written), the "
            + "instance is still reading the model specs (models_loading) or is at its limit of requests in "
            + "progress: retry after Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response ingest(@PathParam("model") String model, byte[] body) {
        long start = caller.startNanos();
        ApiKey key = caller.key();
        int maxBody = config.limits().maxBodyBytes();
        if (body.length > maxBody) {
            return refuse(start, Reason.BODY_TOO_LARGE, bodyTooLarge(body.length, maxBody));
        }
        OptionalLong wait = limiter.tryAcquire(key, RateLimiter.Budget.BYTES, body.length);
        if (wait.isPresent()) {
            return refuse(start, Reason.RATE_LIMITED, IngestGate.rateLimited(key, RateLimiter.Budget.BYTES,
                    wait.getAsLong()));
        }
        ModelSpec spec = specs.find(model).orElse(null);
        if (spec == null) {
            boolean loading = !specs.caughtUp();
            return refuse(start, loading ? Reason.MODELS_LOADING : Reason.UNKNOWN_MODEL, noSpec(model, loading));
        }
        ParsedBody parsed;
        try {
            parsed = parser.parse(body, caller.format());
        } catch (BatchTooLargeException e) {
            return refuse(start, Reason.BATCH_TOO_LARGE,
                    Problem.of(Status.REQUEST_ENTITY_TOO_LARGE, "batch_too_large", e.getMessage()).response());
        }
        wait = limiter.tryAcquire(key, RateLimiter.Budget.EXAMPLES, parsed.examples().size());
        if (wait.isPresent()) {
            return refuse(start, Reason.RATE_LIMITED, IngestGate.rateLimited(key, RateLimiter.Budget.EXAMPLES,
                    wait.getAsLong()));
        }
        ValidatedBatch batch = BatchValidator.validate(spec, splitKey, key.name(), parsed, Instant.now());
        if (!batch.valid()) {
            int bad = (int) batch.violations().stream().map(v -> v.index() == null ? -1 : v.index()).distinct().count();
            String what = parsed.examples().isEmpty() && parsed.violations().size() == 1
                    && parsed.violations().get(0).index() == null
                    ? "the request body " + parsed.violations().get(0).reason()
                    : bad + " example(s) are invalid";
            return refuse(start, Reason.INVALID, Problem.of(400, "invalid_examples", what + "; nothing was written",
                    batch.violations()).response());
        }
        List<ItemViolation> overCap = labels.admit(spec, batch.examples());
        if (!overCap.isEmpty()) {
            return refuse(start, Reason.TOO_MANY_LABELS, Problem.of(400, "too_many_labels", overCap.size()
                    + " example(s) bring a new label past the limit of model '" + model + "', "
                    + spec.labels().maxLabels() + " distinct labels (labels.maxLabels); nothing was written",
                    overCap).response());
        }
        return write(start, model, batch);
    }

    /** 404 once every spec is read; before that the model may be one not read yet: 503 with Retry-After. */
    private Response noSpec(String model, boolean loading) {
        if (!loading) {
            return Problem.of(Status.NOT_FOUND, "unknown_model", "no model named '" + model + "' is defined (models "
                    + "are created in the registry)").response();
        }
        Duration retryAfter = config.kafka().retryAfter();
        return Problem.of(Status.SERVICE_UNAVAILABLE, "models_loading", "this instance is still reading the model "
                + "specs (" + Topics.MODELS + ") and does not know '" + model + "' yet; retry after "
                + retryAfter.toSeconds() + " s").response(retryAfter);
    }

    /** Blocks this worker thread (never an event loop or a Kafka client's thread) until Kafka has answered. */
    private Response write(long start, String model, ValidatedBatch batch) {
        long deadline = start + config.kafka().ackTimeout().toNanos();
        try {
            // creation failing or slow is not fatal: the broker may auto-create, and the write says what is wrong
            topics.ensureExampleTopics(model).get(config.kafka().ackTimeout().toMillis() / 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debugf("Topics of %s not confirmed: %s", model, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return accepted(start, model, batch, writer.write(batch.examples(), deadline));
        } catch (KafkaException e) {
            return failed(start, e);
        }
    }

    private Response accepted(long start, String model, ValidatedBatch batch, List<RecordMetadata> acks) {
        List<IngestAccepted.Placement> placements = new ArrayList<>(acks.size());
        int heldout = 0;
        for (int i = 0; i < acks.size(); i++) {
            ValidatedBatch.Placed p = batch.examples().get(i);
            RecordMetadata md = acks.get(i);
            heldout += p.side() == HeldoutSplit.Side.HELDOUT ? 1 : 0;
            placements.add(new IngestAccepted.Placement(i, p.example().id(), p.side().label(), md.topic(),
                    md.partition(), md.offset()));
        }
        int train = acks.size() - heldout;
        if (train > 0) {
            metrics.accepted(model, HeldoutSplit.Side.TRAIN, train);
        }
        if (heldout > 0) {
            metrics.accepted(model, HeldoutSplit.Side.HELDOUT, heldout);
        }
        metrics.batch(acks.size());
        metrics.latency("accepted", System.nanoTime() - start);
        return Response.accepted(new IngestAccepted(model, acks.size(), train, heldout, placements))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private Response failed(long start, KafkaException cause) {
        Duration timeout = config.kafka().ackTimeout();
        Duration retryAfter = config.kafka().retryAfter();
        if (cause instanceof RecordTooLargeException) {
            return refuse(start, Reason.RECORD_TOO_LARGE, Problem.of(Status.REQUEST_ENTITY_TOO_LARGE,
                    "record_too_large", "an example is larger than Kafka's largest record (" + cause.getMessage()
                            + "); send shorter texts; nothing was written").response());
        }
        if (cause instanceof CommitInDoubtException) {
            LOG.warnf("Kafka did not answer a commit: %s", cause.getCause());
            return refuse(start, Reason.KAFKA_UNAVAILABLE, Problem.of(Status.SERVICE_UNAVAILABLE, "kafka_unavailable",
                    "Kafka stopped answering while the batch was being committed, so it may or may not be written; "
                            + "send it again as it was (the same ids: consumers drop the copy)").response(retryAfter));
        }
        if (cause instanceof RetriableException) {
            LOG.warnf("Kafka did not acknowledge within %s: %s", timeout, cause.toString());
            return refuse(start, Reason.KAFKA_UNAVAILABLE, Problem.of(Status.SERVICE_UNAVAILABLE, "kafka_unavailable",
                    "Kafka did not acknowledge every example within " + timeout.toMillis()
                            + " ms; nothing was written: send the request again").response(retryAfter));
        }
        LOG.errorf(cause, "Kafka refused a write");
        return refuse(start, Reason.KAFKA_ERROR, Problem.of(Status.SERVICE_UNAVAILABLE, "kafka_error",
                "Kafka refused the write (" + cause.getClass().getSimpleName() + "); nothing was written; see the "
                        + "service log").response(retryAfter));
    }

    static Response bodyTooLarge(long length, int max) {
        return Problem.of(Status.REQUEST_ENTITY_TOO_LARGE, "body_too_large", "the request body is " + length
                + " bytes, over the limit of " + max + " bytes; split it into smaller requests").response();
    }

    private Response refuse(long start, Reason reason, Response response) {
        metrics.rejected(reason);
        metrics.latency(reason.tag(), System.nanoTime() - start);
        return response;
    }
}
