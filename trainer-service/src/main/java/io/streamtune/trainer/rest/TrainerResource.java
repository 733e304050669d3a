package io.streamtune.trainer.rest;

import io.streamtune.trainer.TrainerRuntime;
import io.streamtune.training.TrainerStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What each model this replica owns is doing: step, examples, last checkpoint, positions, lag, replay buffer, and the
 * checkpoint head it holds (owner, generation).
 */
@Path("/api/v1/trainer/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "trainer")
public class TrainerResource {

    private final TrainerRuntime runtime;

    TrainerResource(TrainerRuntime runtime) {
        this.runtime = runtime;
    }

    @GET
    @Operation(summary = "Status of every model this replica of the trainer pool owns now")
    public List<TrainerStatus> all() {
        return runtime.status();
    }

    @GET
    @Path("{model}")
    @Operation(summary = "Status of one model's training loop")
    public TrainerStatus one(@PathParam("model") String model) {
        return runtime.status(model).orElseThrow(() -> new NotFoundException(
                "Model '" + model + "' is not trained by this replica (" + runtime.pool().instanceId()
                        + "); it owns " + runtime.models() + "."));
    }
}
