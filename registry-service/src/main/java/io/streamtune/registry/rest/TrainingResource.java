package io.streamtune.registry.rest;

import io.streamtune.registry.training.TrainerMonitor;
import io.streamtune.registry.training.TrainerStats;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Every model's training, as of each model's latest checkpoint announcement (the dashboard's overview). */
@Path("/api/v1/training")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "training")
public class TrainingResource {

    private final TrainerMonitor monitor;

    public TrainingResource(TrainerMonitor monitor) {
        this.monitor = monitor;
    }

    @GET
    @Operation(summary = "Every model's training stats (models with a checkpoint seen)",
            description = ModelTrainingResource.FRESHNESS)
    public List<TrainerStats> all() {
        return monitor.all();
    }
}
