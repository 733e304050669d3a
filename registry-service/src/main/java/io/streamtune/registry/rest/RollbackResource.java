package io.streamtune.registry.rest;

import io.streamtune.contracts.ModelPromoted;
import io.streamtune.registry.promotion.Rollbacks;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** An admin moves the champion back to an earlier version. */
@Path("/api/v1/models/{name}/rollback")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class RollbackResource {

    private final Rollbacks rollbacks;

    public RollbackResource(Rollbacks rollbacks) {
        this.rollbacks = rollbacks;
    }

    @POST
    @RolesAllowed(AdminKey.ROLE)
    @SecurityRequirement(name = ModelsResource.ADMIN_KEY)
    @Operation(summary = "Make an earlier version champion again (admin)",
            description = "Moves the pointer by compare-and-swap, records the reason in the decision log and "
                    + "publishes a ROLLBACK on streamtune.promotions. 404 for an unknown version, 409 when it "
                    + "already is the champion by a promotion. 503 when Kafka did not acknowledge the announcement: "
                    + "the move is made and announced later; sending the same request again answers 200 with it.")
    @RequestBody(description = "{\"version\": 2, \"reason\": \"v3 mislabels invoices\"}")
    public ModelPromoted rollback(@RestPath String name, byte[] body) {
        RollbackRequest request = Requests.rollback(body);
        return rollbacks.rollback(name, request.version(), request.reason());
    }
}
