package io.streamtune.ingest.health;

import io.streamtune.contracts.Topics;
import io.streamtune.ingest.messaging.ModelSpecCache;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Model specs: ready once every spec on the topic at start was read; live while their reader runs. */
public class ModelSpecsHealth {

    @Readiness
    @ApplicationScoped
    public static class Loaded implements HealthCheck {
        private final ModelSpecCache specs;

        public Loaded(ModelSpecCache specs) {
            this.specs = specs;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("model-specs").status(specs.caughtUp())
                    .withData("topic", Topics.MODELS).withData("models", specs.size()).build();
        }
    }

    @Liveness
    @ApplicationScoped
    public static class ReaderAlive implements HealthCheck {
        private final ModelSpecCache specs;

        public ReaderAlive(ModelSpecCache specs) {
            this.specs = specs;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("model-spec-reader").status(specs.alive()).build();
        }
    }
}
