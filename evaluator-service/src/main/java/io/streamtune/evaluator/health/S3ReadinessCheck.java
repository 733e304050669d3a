package io.streamtune.evaluator.health;

import io.streamtune.evaluator.config.EvaluatorConfig;
import io.streamtune.storage.ArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the S3 server answers: evaluations and held-out snapshots live there. */
@Readiness
@ApplicationScoped
public class S3ReadinessCheck implements HealthCheck {

    private final ArtifactStore artifacts;
    private final EvaluatorConfig config;

    public S3ReadinessCheck(ArtifactStore artifacts, EvaluatorConfig config) {
        this.artifacts = artifacts;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            artifacts.objects().exists(config.bucket(), "readiness-probe");
            return HealthCheckResponse.named("s3").up().withData("endpoint", artifacts.objects().endpoint().toString())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("s3").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
