package io.streamtune.trainer;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.streamtune.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Starts the trainer with the application and stops it gracefully with it: on shutdown (SIGTERM) every model
 * writes a final checkpoint before the JVM exits.
 */
@ApplicationScoped
public class TrainerLifecycle {

    private final TrainerRuntime runtime;
    private final TrainerConfig config;

    TrainerLifecycle(TrainerRuntime runtime, TrainerConfig config) {
        this.runtime = runtime;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        runtime.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        runtime.stop(config.shutdownTimeout());
    }
}
