package io.streamtune.registry.rest;

import io.streamtune.registry.promotion.ModelBundle;
import io.streamtune.registry.promotion.SpecStore;
import io.streamtune.registry.promotion.VersionCatalog;
import io.streamtune.storage.NotFoundException;
import io.streamtune.storage.VersionManifest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** A model's immutable versions and their downloads. */
@Path("/api/v1/models/{name}/versions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "versions", description = "Immutable model versions and their downloads")
public class VersionsResource {

    private final SpecStore specs;
    private final VersionCatalog versions;
    private final ChampionViews views;

    public VersionsResource(SpecStore specs, VersionCatalog versions, ChampionViews views) {
        this.specs = specs;
        this.versions = versions;
        this.views = views;
    }

    @GET
    @Operation(summary = "Every version of a model, oldest first")
    public List<Views.VersionView> list(@RestPath String name) {
        Models.spec(specs, name);
        return versions.list(name).stream().map(views::version).toList();
    }

    @GET
    @Path("/{version}")
    @Operation(summary = "One version: checkpoint, metrics, gates, lineage and files")
    public Views.VersionView get(@RestPath String name, @RestPath int version) {
        return views.version(find(name, version));
    }

    @GET
    @Path("/{version}/download")
    @Operation(summary = "302 to a presigned URL of the version's bundle (model.zip), or of one file with ?file=")
    public Response download(@RestPath String name, @RestPath int version,
            @RestQuery @DefaultValue(ModelBundle.FILE_NAME) String file) {
        Views.Download d = views.download(find(name, version), file);
        return Response.status(Response.Status.FOUND).location(d.url()).header("X-Content-SHA256", d.sha256())
                .build();
    }

    private VersionManifest find(String name, int version) {
        Models.spec(specs, name);
        return versions.find(name, version).orElseThrow(() -> new NotFoundException("Version " + version + " of "
                + name + " does not exist."));
    }
}
