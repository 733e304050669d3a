package io.streamtune.evaluator.rest;

import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.Rules;
import io.streamtune.contracts.Topics;
import io.streamtune.evaluator.evaluation.EvaluationArchive;
import io.streamtune.evaluator.evaluation.EvaluationProgress;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Recorded evaluations, and the one being scored. */
@Path("/api/v1/evaluations")
@Produces(MediaType.APPLICATION_JSON)
public class EvaluationResource {

    private final EvaluationArchive archive;
    private final EvaluationProgress progress;

    public EvaluationResource(EvaluationArchive archive, EvaluationProgress progress) {
        this.archive = archive;
        this.progress = progress;
    }

    @GET
    @Path("/in-progress")
    @Operation(summary = "The checkpoint being scored now and its snapshot; 204 when idle")
    public Response inProgress() {
        return progress.current().map(p -> Response.ok(p).build()).orElseGet(() -> Response.noContent().build());
    }

    @GET
    @Path("/{model}/{checkpointId}")
    @Operation(summary = "The evaluation recorded for a checkpoint (as published on streamtune.evaluations)")
    public CheckpointEvaluated evaluation(@PathParam("model") String model,
            @PathParam("checkpointId") String checkpointId) {
        if (Topics.modelOf(Topics.PREFIX + model + ".heldout").isEmpty()
                || !Rules.ID.matcher(checkpointId).matches()) {
            throw new BadRequestException("model must match " + Rules.MODEL_NAME + " and checkpointId " + Rules.ID
                    + ".");
        }
        return archive.find(model, checkpointId).orElseThrow(() -> new NotFoundException(
                "No recorded evaluation of checkpoint '" + checkpointId + "' of model '" + model + "'."));
    }
}
