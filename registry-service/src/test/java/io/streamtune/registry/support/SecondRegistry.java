package io.streamtune.registry.support;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.registry.promotion.DecisionLog;
import io.streamtune.registry.promotion.PromotionEngine;
import io.streamtune.registry.promotion.PromotionProbe;
import io.streamtune.registry.promotion.RegistryMetrics;
import io.streamtune.registry.promotion.SpecStore;
import io.streamtune.registry.promotion.VersionCatalog;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3ArtifactStore;
import io.streamtune.storage.S3Settings;
import java.time.Clock;

/**
 * Another registry instance in this JVM: its own S3 client, caches, metrics and announcer, sharing nothing with the
 * Quarkus application but the servers.
 */
public final class SecondRegistry implements AutoCloseable {

    private final ArtifactStore store;
    private final PromotionEngine engine;

    public SecondRegistry(S3Settings settings, String instance, PromotionProbe probe) {
        this.store = new S3ArtifactStore(settings);
        this.engine = new PromotionEngine(store, new SpecStore(store), new DecisionLog(store),
                new VersionCatalog(store), new KafkaPromotionEvents(),
                new RegistryMetrics(new SimpleMeterRegistry(), Clock.systemUTC()), instance, probe);
    }

    public PromotionEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        store.close();
    }
}
