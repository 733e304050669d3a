package io.streamtune.registry.rest;

import io.streamtune.registry.promotion.SpecStore;
import io.streamtune.registry.training.TrainerMonitor;
import io.streamtune.registry.training.TrainerStats;
import io.streamtune.storage.NotFoundException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** A model's training as of its latest checkpoint announcement ({@code /api/v1/training} lists every model's). */
@Path("/api/v1/models/{name}/training")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "training", description = "Live training stats, derived from checkpoint announcements")
public class ModelTrainingResource {

    static final String FRESHNESS = "As fresh as the model's latest checkpoint (every few seconds to 30 s): "
            + "examples/s between the last two checkpoints, lag = end offsets of the train topic minus the "
            + "checkpoint's offsets.";

    private final SpecStore specs;
    private final TrainerMonitor monitor;

    public ModelTrainingResource(SpecStore specs, TrainerMonitor monitor) {
        this.specs = specs;
        this.monitor = monitor;
    }

    @GET
    @Operation(summary = "A model's training stats; 404 until its first checkpoint is announced",
            description = FRESHNESS)
    public TrainerStats one(@RestPath String name) {
        Models.spec(specs, name);
        return monitor.stats(name).orElseThrow(() -> new NotFoundException("No checkpoint of " + name
                + " has been announced yet."));
    }
}
