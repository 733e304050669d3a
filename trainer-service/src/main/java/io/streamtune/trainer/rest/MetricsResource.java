package io.streamtune.trainer.rest;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamtune.trainer.metrics.TrainerGauges;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Prometheus text format at {@code /q/metrics}, where the Quarkus extension would serve it. */
@Path("/q/metrics")
@Tag(name = "metrics")
public class MetricsResource {

    private final PrometheusMeterRegistry registry;
    private final TrainerGauges gauges;

    MetricsResource(PrometheusMeterRegistry registry, TrainerGauges gauges) {
        this.registry = registry;
        this.gauges = gauges;
    }

    @GET
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    @Operation(summary = "Prometheus metrics: examples/s, step time, loss, lag, replay buffer, checkpoint age")
    public String scrape() {
        gauges.refresh();
        return registry.scrape();
    }
}
