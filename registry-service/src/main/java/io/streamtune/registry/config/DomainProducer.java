package io.streamtune.registry.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.streamtune.registry.promotion.AnnouncedPromotions;
import io.streamtune.registry.promotion.AnnouncementRetries;
import io.streamtune.registry.promotion.AutoRollbacks;
import io.streamtune.registry.promotion.ChampionAnnouncer;
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
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

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
    ChampionAnnouncer announcer(ArtifactStore store, SpecStore specs, VersionCatalog versions, DecisionLog decisions,
            PromotionEvents events, AnnouncedPromotions topic) {
        return new ChampionAnnouncer(store, specs, versions, decisions, events, topic);
    }

    @Produces
    @Singleton
    AnnouncementRetries announcementRetries(ChampionAnnouncer announcer) {
        return new AnnouncementRetries(announcer, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    void startRetries(@Observes StartupEvent start, AnnouncementRetries retries) {
        retries.start();
    }

    void stopRetries(@Disposes AnnouncementRetries retries) {
        retries.close();
    }

    @Produces
    @Singleton
    PromotionEngine engine(ArtifactStore store, SpecStore specs, DecisionLog decisions, VersionCatalog versions,
            ChampionAnnouncer announcer, RegistryMetrics metrics, RegistryConfig config) {
        return new PromotionEngine(store, specs, decisions, versions, announcer, metrics, config.instance(),
                PromotionProbe.NONE, config.encoders());
    }

    @Produces
    @Singleton
    Rollbacks rollbacks(ArtifactStore store, SpecStore specs, DecisionLog decisions, VersionCatalog versions,
            ChampionAnnouncer announcer, RegistryMetrics metrics, RegistryConfig config) {
        return new Rollbacks(store, specs, decisions, versions, announcer, metrics, config.instance());
    }

    @Produces
    @Singleton
    io.streamtune.registry.quarantine.Quarantines quarantines(SpecStore specs,
            io.streamtune.registry.quarantine.QuarantineLog log, RegistryMetrics metrics) {
        return new io.streamtune.registry.quarantine.Quarantines(specs, log, metrics);
    }

    @Produces
    @Singleton
    AutoRollbacks autoRollbacks(ArtifactStore store, SpecStore specs, Rollbacks rollbacks, RegistryMetrics metrics) {
        return new AutoRollbacks(store, specs, rollbacks, metrics);
    }

    @Produces
    @Singleton
    TrainerMonitor trainers(EndOffsets endOffsets) {
        return new TrainerMonitor(endOffsets);
    }
}
