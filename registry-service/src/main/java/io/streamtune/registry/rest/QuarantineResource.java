package io.streamtune.registry.rest;

import io.streamtune.contracts.SourceQuarantined;
import io.streamtune.registry.quarantine.Quarantines;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** An admin looks at the model's quarantined feedback sources, releases one or drops its held examples. */
@Path("/api/v1/models/{name}/quarantines")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class QuarantineResource {

    static final String ACTOR = "admin";

    private final Quarantines quarantines;

    public QuarantineResource(Quarantines quarantines) {
        this.quarantines = quarantines;
    }

    @GET
    @RolesAllowed(AdminKey.ROLE)
    @SecurityRequirement(name = ModelsResource.ADMIN_KEY)
    @Operation(summary = "The model's sources with a quarantine record, with the evidence (admin)",
            description = "From the compacted streamtune.quarantines: QUARANTINED and DROPPED sources are not "
                    + "trained on, RELEASED ones are again. 404 for an unknown model.")
    public List<SourceQuarantined> list(@RestPath String name) {
        return quarantines.list(name);
    }

    @POST
    @Path("/{source}/release")
    @RolesAllowed(AdminKey.ROLE)
    @SecurityRequirement(name = ModelsResource.ADMIN_KEY)
    @Operation(summary = "Let a quarantined source train again (admin)",
            description = "Writes RELEASED: the trainers train on its new examples again. The examples held on "
                    + "streamtune.<model>.quarantine meanwhile stay there; they are not replayed. 404 for an unknown "
                    + "model or a source never quarantined, 409 when it is released already.")
    @RequestBody(description = "{\"reason\": \"the client's label mapping is fixed\"}")
    public SourceQuarantined release(@RestPath String name, @RestPath String source, byte[] body) {
        return quarantines.release(name, source, ACTOR, Requests.quarantineReason(body));
    }

    @POST
    @Path("/{source}/drop")
    @RolesAllowed(AdminKey.ROLE)
    @SecurityRequirement(name = ModelsResource.ADMIN_KEY)
    @Operation(summary = "Mark a quarantined source's held examples dropped (admin)",
            description = "Writes DROPPED: the source stays kept from training, and what it has on "
                    + "streamtune.<model>.quarantine is never to be replayed. 404 for an unknown model or a source "
                    + "never quarantined, 409 when it was released.")
    @RequestBody(description = "{\"reason\": \"hostile: flipped labels on purpose\"}")
    public SourceQuarantined drop(@RestPath String name, @RestPath String source, byte[] body) {
        return quarantines.drop(name, source, ACTOR, Requests.quarantineReason(body));
    }
}
