package io.streamtune.registry.rest;

import io.streamtune.contracts.ModelSpec;
import io.streamtune.kit.security.KeyAuthenticationMechanism;
import io.streamtune.registry.messaging.SpecPublisher;
import io.streamtune.registry.promotion.SpecStore;
import io.streamtune.storage.NotFoundException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Model definitions and the champion of each. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models", description = "Model definitions and their current champion")
@SecurityScheme(securitySchemeName = ModelsResource.ADMIN_KEY, type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.HEADER, apiKeyName = KeyAuthenticationMechanism.ADMIN_KEY_HEADER)
public class ModelsResource {

    static final String ADMIN_KEY = "admin-key";

    private final SpecStore specs;
    private final SpecPublisher publisher;
    private final ChampionViews champions;
    private final long variantMemoryBytes;

    public ModelsResource(SpecStore specs, SpecPublisher publisher, ChampionViews champions,
            io.streamtune.registry.config.RegistryConfig config) {
        this.specs = specs;
        this.publisher = publisher;
        this.champions = champions;
        this.variantMemoryBytes = config.variantMemoryMb() * 1_000_000L;
    }

    @GET
    @Operation(summary = "Every model with its spec and current champion")
    public List<Views.ModelView> list() {
        return specs.list().stream().map(s -> new Views.ModelView(s.name(), s, champions.champion(s.name())
                .orElse(null))).toList();
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed(AdminKey.ROLE)
    @SecurityRequirement(name = ADMIN_KEY)
    @Operation(summary = "Create or replace a model's spec (admin)",
            description = "Stored, then published on the compacted streamtune.models topic. 201 when new, 200 when "
                    + "replaced, 400 naming each invalid field (also when its variants need more trainer memory "
                    + "than streamtune.registry.variant-memory-mb).")
    @RequestBody(description = "A ModelSpec; name may be left out (the path's is used)")
    public Response define(@RestPath String name, byte[] body) {
        ModelSpec spec = Requests.spec(name, body);
        io.streamtune.contracts.VariantMemory.check(spec, variantMemoryBytes);
        boolean created = specs.save(spec);
        publisher.publish(spec);
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(spec).build();
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "A model's spec and current champion")
    public Views.ModelView get(@RestPath String name) {
        ModelSpec spec = Models.spec(specs, name);
        return new Views.ModelView(name, spec, champions.champion(name).orElse(null));
    }

    @GET
    @Path("/{name}/champion")
    @Operation(summary = "The current champion: version, checkpoint, metrics, lineage and a presigned download URL")
    public Views.ChampionView champion(@RestPath String name) {
        Models.spec(specs, name);
        return champions.champion(name).orElseThrow(() -> new NoChampionException("Model " + name
                + " has no champion yet: no evaluation has passed the gates."));
    }
}
