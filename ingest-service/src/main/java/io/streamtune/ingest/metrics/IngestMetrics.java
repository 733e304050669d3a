package io.streamtune.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamtune.contracts.HeldoutSplit;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

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
        RECORD_TOO_LARGE, INVALID_MODEL_NAME, UNKNOWN_MODEL, INVALID, KAFKA_UNAVAILABLE, KAFKA_ERROR;

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
        Counter.builder("streamtune.ingest.examples.accepted")
                .description("Examples acknowledged by Kafka and answered 202")
                .tag("model", model)
                .tag("split", side.label())
                .register(registry)
                .increment(count);
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
