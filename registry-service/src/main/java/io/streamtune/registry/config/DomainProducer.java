package io.streamtune.registry.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamtune.registry.promotion.DecisionLog;
import io.streamtune.registry.promotion.PromotionEngine;
import io.streamtune.registry.promotion.PromotionEvents;
import io.streamtune.registry.promotion.PromotionProbe;
import io.streamtune.registry.promotion.RegistryMetrics;
import io.streamtune.registry.promotion.Rollbacks;
import io.streamtune.registry.promotion.SpecStore;
import io.streamtune.registry.promotion.VersionCatalog;
import io.streamtune.registry.training.EndOffsets;
import io.streamtune.registry.training.TrainerMonitor;
import io.streamtune.storage.ArtifactStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The promotion domain is plain Java over the artifact store; this wires one of each for the application. */
public class DomainProducer {

    @Produces
    @Singleton
    SpecStore specs(ArtifactStore store) {
        return new SpecStore(store);
    }

    @Produces
    @Singleton
    DecisionLog decisions(ArtifactStore store) {
        return new DecisionLog(store);
    }

    @Produces
    @Singleton
    VersionCatalog versions(ArtifactStore store) {
        return new VersionCatalog(store);
    }

    @Produces
    @Singleton
    RegistryMetrics metrics(MeterRegistry registry) {
        return new RegistryMetrics(registry, Clock.systemUTC());
    }

    @Produces
    @Singleton
    PromotionEngine engine(ArtifactStore store, SpecStore specs, DecisionLog decisions, VersionCatalog versions,
            PromotionEvents events, RegistryMetrics metrics, RegistryConfig config) {
        return new PromotionEngine(store, specs, decisions, versions, events, metrics, config.instance(),
                PromotionProbe.NONE);
    }

    @Produces
    @Singleton
    Rollbacks rollbacks(ArtifactStore store, SpecStore specs, DecisionLog decisions, VersionCatalog versions,
            PromotionEvents events, RegistryMetrics metrics, RegistryConfig config) {
        return new Rollbacks(store, specs, decisions, versions, events, metrics, config.instance());
    }

    @Produces
    @Singleton
    TrainerMonitor trainers(EndOffsets endOffsets) {
        return new TrainerMonitor(endOffsets);
    }
}
