package io.streamtune.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamtune.contracts.HeldoutSplit;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Ingest's own meters on /q/metrics: examples accepted per model and side, requests rejected by reason, request
 * latency by outcome, and batch sizes. Rejections carry no model tag: the path is client-chosen, so it would let
 * anyone grow the series without bound.
 */
@ApplicationScoped
public class IngestMetrics {

    /** Why a request was refused; the {@code reason} tag of {@code streamtune.ingest.requests.rejected}. */
    public enum Reason {
        UNAUTHORIZED, FORBIDDEN, RATE_LIMITED, UNSUPPORTED_MEDIA_TYPE, BODY_TOO_LARGE, BATCH_TOO_LARGE,
        RECORD_TOO_LARGE, INVALID_MODEL_NAME, UNKNOWN_MODEL, MODELS_LOADING, INVALID, TOO_MANY_LABELS,
        TOO_MANY_IN_FLIGHT, KAFKA_UNAVAILABLE, KAFKA_ERROR;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final DistributionSummary batchSizes;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSizes = DistributionSummary.builder("streamtune.ingest.batch.size")
                .description("Examples per accepted request")
                .baseUnit("examples")
                .publishPercentileHistogram()
                .maximumExpectedValue(10_000d)
                .register(registry);
    }

    public void accepted(String model, HeldoutSplit.Side side, int count) {
        counter("streamtune.ingest.examples.accepted", "Examples acknowledged by Kafka and answered 202",
                "model", model, "split", side.label()).increment(count);
    }

    public void batch(int size) {
        batchSizes.record(size);
    }

    public void rejected(Reason reason) {
        Counter.builder("streamtune.ingest.requests.rejected")
                .description("Requests refused, by reason (answered 4xx or 5xx)")
                .tag("reason", reason.tag())
                .register(registry)
                .increment();
    }

    /** Raw records read and committed (each counted once, after its transaction committed), per model and source. */
    public void rawConsumed(String model, String source, int count) {
        counter("streamtune.ingest.raw.records.consumed", "Records read from raw feedback topics whose outcome "
                + "was committed", "model", model, "source", source).increment(count);
    }

    public void rawAccepted(String model, HeldoutSplit.Side side, int count) {
        counter("streamtune.ingest.raw.records.accepted", "Raw records written to the train or held-out topic "
                + "(committed)", "model", model, "split", side.label()).increment(count);
    }

    /** @param reason the first broken field ({@code text}, {@code label}, ...) or {@code malformed}, ... */
    public void rawDeadLettered(String model, String reason, int count) {
        counter("streamtune.ingest.raw.records.dead.lettered", "Raw records written to streamtune.dlq (committed), "
                + "by reason", "model", model, "reason", reason).increment(count);
    }

    /** Records of a model's raw topics not yet read by this instance, per its assigned partitions. */
    public void rawLag(String model, ToDoubleFunction<String> lag) {
        Gauge.builder("streamtune.ingest.raw.consumer.lag", model, lag)
                .description("Records on the raw feedback topics of the model not yet consumed by this instance")
                .tag("model", model)
                .baseUnit("records")
                .strongReference(true)
                .register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /** Latency of a request from arrival at the resource to the answer, by outcome (accepted or a reason). */
    public void latency(String outcome, long nanos) {
        Timer.builder("streamtune.ingest.request.latency")
                .description("Ingest request latency, until Kafka acknowledged every record or the request was refused")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
