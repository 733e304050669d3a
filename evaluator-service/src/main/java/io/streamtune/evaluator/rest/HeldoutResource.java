package io.streamtune.evaluator.rest;

import io.streamtune.evaluator.heldout.HeldoutStore;
import io.streamtune.evaluator.heldout.HeldoutStores;
import io.streamtune.evaluator.scoring.PrefixBackfill;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What the evaluator holds out for a model. */
@Path("/api/v1/heldout")
@Produces(MediaType.APPLICATION_JSON)
public class HeldoutResource {

    /** A model's held-out set at a glance. */
    public record HeldoutSummary(String model, int size, int capacity, long seen, Map<String, Integer> perClass,
            Map<String, Integer> perSlice, Map<Integer, Long> nextOffsets, String lastSnapshotId,
            String sliceWidth, Integer prefixesReady) {

        /** {@code prefixesReady}: examples whose frozen prefix is encoded ahead of checkpoints, null when unknown. */
        static HeldoutSummary of(HeldoutStore s, PrefixBackfill backfill) {
            OptionalInt ready = backfill.ready(s.model());
            return new HeldoutSummary(s.model(), s.size(), s.capacity(), s.seen(), s.perClass(), s.perSlice(),
                    s.offsets(), s.lastSnapshotId(), s.slices().width().toString(),
                    ready.isPresent() ? ready.getAsInt() : null);
        }
    }

    private final HeldoutStores stores;
    private final PrefixBackfill backfill;

    public HeldoutResource(HeldoutStores stores, PrefixBackfill backfill) {
        this.stores = stores;
        this.backfill = backfill;
    }

    @GET
    @Operation(summary = "Models with a held-out set in memory")
    public java.util.Set<String> models() {
        return stores.models();
    }

    @GET
    @Path("/{model}")
    @Operation(summary = "Size, classes, time slices, topic offsets and encoded prefixes of a model's held-out set")
    public HeldoutSummary summary(@PathParam("model") String model) {
        return stores.find(model).map(s -> HeldoutSummary.of(s, backfill))
                .orElseThrow(() -> new NotFoundException("No held-out set for model '" + model + "'."));
    }
}
