package io.streamtune.registry.health;

import io.streamtune.storage.ArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the models bucket answers a listing: versions, pointers and decisions all live there. */
@Readiness
@ApplicationScoped
public class S3ReadinessCheck implements HealthCheck {

    private final ArtifactStore store;

    public S3ReadinessCheck(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        String bucket = store.settings().modelsBucket();
        try {
            store.objects().list(bucket, "_specs/");
            return HealthCheckResponse.named("S3 object store").up().withData("bucket", bucket)
                    .withData("endpoint", store.settings().endpoint().toString()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("S3 object store").down().withData("bucket", bucket)
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
