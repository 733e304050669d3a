package io.streamtune.registry.support;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.kit.kafka.KafkaClients;
import io.streamtune.registry.messaging.PromotionTopicReader;
import io.streamtune.registry.promotion.ChampionAnnouncer;
import io.streamtune.registry.promotion.DecisionLog;
import io.streamtune.registry.promotion.PromotionEngine;
import io.streamtune.registry.promotion.PromotionEvents;
import io.streamtune.registry.promotion.PromotionProbe;
import io.streamtune.registry.promotion.RegistryMetrics;
import io.streamtune.registry.promotion.Rollbacks;
import io.streamtune.registry.promotion.SpecStore;
import io.streamtune.registry.promotion.VersionCatalog;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3ArtifactStore;
import io.streamtune.storage.S3Settings;
import java.time.Clock;
import java.util.Map;

/**
 * Another registry instance in this JVM: its own S3 client, caches, metrics and announcer, sharing nothing with the
 * Quarkus application but the servers (or a broker of the test's own).
 */
public final class SecondRegistry implements AutoCloseable {

    private final ArtifactStore store;
    private final ChampionAnnouncer announcer;
    private final PromotionEngine engine;
    private final Rollbacks rollbacks;

    public SecondRegistry(S3Settings settings, String instance, PromotionProbe probe) {
        this(settings, instance, probe, TestKafka.bootstrap(), new KafkaPromotionEvents());
    }

    /** An instance announcing through {@code events} and reading announcements back from {@code bootstrap}. */
    public SecondRegistry(S3Settings settings, String instance, PromotionProbe probe, String bootstrap,
            PromotionEvents events) {
        this.store = new S3ArtifactStore(settings);
        SpecStore specs = new SpecStore(store);
        DecisionLog log = new DecisionLog(store);
        VersionCatalog versions = new VersionCatalog(store);
        RegistryMetrics metrics = new RegistryMetrics(new SimpleMeterRegistry(), Clock.systemUTC());
        this.announcer = new ChampionAnnouncer(store, specs, versions, log, events,
                new PromotionTopicReader(KafkaClients.at(bootstrap)));
        this.engine = new PromotionEngine(store, specs, log, versions, announcer, metrics, instance, probe,
                Map.of());
        this.rollbacks = new Rollbacks(store, specs, log, versions, announcer, metrics, instance);
    }

    public PromotionEngine engine() {
        return engine;
    }

    public Rollbacks rollbacks() {
        return rollbacks;
    }

    public ChampionAnnouncer announcer() {
        return announcer;
    }

    @Override
    public void close() {
        store.close();
    }
}
