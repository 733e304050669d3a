package io.streamtune.registry.promotion;

import io.quarkus.scheduler.Scheduled;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.storage.ArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Keeps the champion-age gauge right for pointers other instances moved. */
@ApplicationScoped
public class ChampionAgeRefresher {

    private static final Logger LOG = Logger.getLogger(ChampionAgeRefresher.class);

    private final ArtifactStore store;
    private final SpecStore specs;
    private final RegistryMetrics metrics;

    public ChampionAgeRefresher(ArtifactStore store, SpecStore specs, RegistryMetrics metrics) {
        this.store = store;
        this.specs = specs;
        this.metrics = metrics;
    }

    @Scheduled(every = "${streamtune.registry.champion-age-refresh:60s}", delay = 5,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            for (ModelSpec spec : specs.list()) {
                store.readChampion(spec.name()).ifPresent(p -> metrics.champion(spec.name(), p.value().updatedAt()));
            }
        } catch (RuntimeException e) {
            LOG.debugf("Champion ages not refreshed: %s", e.getMessage());
        }
    }
}
