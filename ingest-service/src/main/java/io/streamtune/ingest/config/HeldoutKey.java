package io.streamtune.ingest.config;

import io.streamtune.contracts.HeldoutSplit;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The held-out split's key from {@code streamtune.ingest.heldout-key}; a missing or short one fails the start. */
@ApplicationScoped
public class HeldoutKey {

    @Produces
    @Singleton
    @Startup
    HeldoutSplit.Key key(IngestConfig config) {
        return HeldoutSplit.Key.of(config.heldoutKey());
    }
}
