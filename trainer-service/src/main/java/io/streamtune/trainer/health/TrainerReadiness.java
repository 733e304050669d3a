package io.streamtune.trainer.health;

import io.streamtune.trainer.TrainerRuntime;
import io.streamtune.training.TrainerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the replica is in the pool (the group gave it its share of the models, maybe none) and every model it
 * owns runs: spec read, checkpoint head claimed, model loaded, records flowing.
 */
@Readiness
@ApplicationScoped
public class TrainerReadiness implements HealthCheck {

    private final TrainerRuntime runtime;

    TrainerReadiness(TrainerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("models loaded").status(runtime.ready())
                .withData("instance", runtime.pool().instanceId());
        for (TrainerStatus s : runtime.status()) {
            b.withData(s.model(), s.state().name() + (s.lastError() == null ? "" : ": " + s.lastError()));
        }
        return b.build();
    }
}
