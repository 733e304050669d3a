package io.streamtune.evaluator.rest;

import io.streamtune.evaluator.heldout.HeldoutStore;
import io.streamtune.evaluator.heldout.HeldoutStores;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What the evaluator holds out for a model. */
@Path("/api/v1/heldout")
@Produces(MediaType.APPLICATION_JSON)
public class HeldoutResource {

    /** A model's held-out set at a glance. */
    public record HeldoutSummary(String model, int size, int capacity, long seen, Map<String, Integer> perClass,
            Map<String, Integer> perSlice, Map<Integer, Long> nextOffsets, String lastSnapshotId,
            String sliceWidth) {

        static HeldoutSummary of(HeldoutStore s) {
            return new HeldoutSummary(s.model(), s.size(), s.capacity(), s.seen(), s.perClass(), s.perSlice(),
                    s.offsets(), s.lastSnapshotId(), s.slices().width().toString());
        }
    }

    private final HeldoutStores stores;

    public HeldoutResource(HeldoutStores stores) {
        this.stores = stores;
    }

    @GET
    @Operation(summary = "Models with a held-out set in memory")
    public java.util.Set<String> models() {
        return stores.models();
    }

    @GET
    @Path("/{model}")
    @Operation(summary = "Size, classes, time slices and topic offsets of a model's held-out set")
    public HeldoutSummary summary(@PathParam("model") String model) {
        return stores.find(model).map(HeldoutSummary::of)
                .orElseThrow(() -> new NotFoundException("No held-out set for model '" + model + "'."));
    }
}
