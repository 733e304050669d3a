package io.streamtune.trainer.health;

import io.streamtune.trainer.TrainerRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the training thread keeps turning (a step or an idle wait) and the pool consumer polls. */
@Liveness
@ApplicationScoped
public class TrainerLiveness implements HealthCheck {

    private final TrainerRuntime runtime;

    TrainerLiveness(TrainerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        var l = runtime.liveness();
        return HealthCheckResponse.named("training loop").status(runtime.live())
                .withData("secondsSinceHeartbeat", String.valueOf(l.get("secondsSinceHeartbeat")))
                .withData("poolConsumerLive", String.valueOf(l.get("poolConsumerLive"))).build();
    }
}
