package io.streamtune.registry.promotion;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.ConflictException;
import io.streamtune.storage.NotFoundException;
import io.streamtune.storage.VersionManifest;
import io.streamtune.storage.Versioned;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/** An admin moves the champion back to an earlier version: compare-and-swap, a log entry, an announcement. */
public final class Rollbacks {

    private static final Logger LOG = Logger.getLogger(Rollbacks.class);

    private final ArtifactStore store;
    private final SpecStore specs;
    private final DecisionLog log;
    private final VersionCatalog versions;
    private final PromotionEvents events;
    private final RegistryMetrics metrics;
    private final String instance;

    public Rollbacks(ArtifactStore store, SpecStore specs, DecisionLog log, VersionCatalog versions,
            PromotionEvents events, RegistryMetrics metrics, String instance) {
        this.store = store;
        this.specs = specs;
        this.log = log;
        this.versions = versions;
        this.events = events;
        this.metrics = metrics;
        this.instance = instance;
    }

    /**
     * @throws NotFoundException for an unknown model or version
     * @throws ConflictException when there is no champion, the version already is the champion, or the pointer
     *     moved while this ran
     */
    public ModelPromoted rollback(String model, int version, String reason) {
        specs.find(model).orElseThrow(() -> new NotFoundException("Model " + model + " does not exist."));
        VersionManifest target = versions.find(model, version).orElseThrow(() -> new NotFoundException(
                "Version " + version + " of " + model + " does not exist."));
        Versioned<ChampionPointer> current = store.readChampion(model).orElseThrow(() -> new ConflictException(
                "Model " + model + " has no champion yet: there is nothing to roll back."));
        if (current.value().version() == version) {
            throw new ConflictException("Version " + version + " already is the champion of " + model
                    + " (generation " + current.value().generation() + ").");
        }
        ChampionPointer moved = store.moveChampion(model, Optional.of(current), version, instance,
                "rollback: " + reason);
        metrics.champion(model, moved.updatedAt());
        EvaluationMetrics scores = versions.report(model, version).map(r -> r.evaluation().candidate()).orElse(null);
        int previous = current.value().version();
        Decision d = log.record(Decision.rollback(DecisionLog.rollbackId(Instant.now()), model,
                target.checkpointId(), version, previous, moved.generation(), reason, scores, instance));
        metrics.decided(d);
        ModelPromoted event = new ModelPromoted(PromotionEngine.announcementId(model, moved.generation()), 0, null,
                model, version, target.checkpointId(), previous, ModelPromoted.Kind.ROLLBACK, reason,
                moved.generation(), scores);
        events.publish(event);
        LOG.infof("%s: rolled back from version %d to %d (generation %d): %s", model, previous, version,
                moved.generation(), reason);
        return event;
    }
}
