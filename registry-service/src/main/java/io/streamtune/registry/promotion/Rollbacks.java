package io.streamtune.registry.promotion;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.ConflictException;
import io.streamtune.storage.NotFoundException;
import io.streamtune.storage.VersionManifest;
import io.streamtune.storage.Versioned;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * An admin (or {@link AutoRollbacks}, on a monitoring report) moves the champion back to an earlier version:
 * compare-and-swap, a log entry, an announcement. A retried rollback (the pointer already names its version, moved there by a rollback) answers the move that was made, and
 * finishes its log entry and announcement if the first try could not.
 */
public final class Rollbacks {

    static final String PREFIX = "rollback: ";
    private static final Logger LOG = Logger.getLogger(Rollbacks.class);

    private final ArtifactStore store;
    private final SpecStore specs;
    private final DecisionLog log;
    private final VersionCatalog versions;
    private final ChampionAnnouncer announcer;
    private final RegistryMetrics metrics;
    private final String instance;

    public Rollbacks(ArtifactStore store, SpecStore specs, DecisionLog log, VersionCatalog versions,
            ChampionAnnouncer announcer, RegistryMetrics metrics, String instance) {
        this.store = store;
        this.specs = specs;
        this.log = log;
        this.versions = versions;
        this.announcer = announcer;
        this.metrics = metrics;
        this.instance = instance;
    }

    /** Whether the pointer's last move was a rollback. */
    static boolean isRollback(ChampionPointer p) {
        return p.reason() != null && p.reason().startsWith(PREFIX);
    }

    /** The admin's reason for the rollback that made this pointer. */
    static String reasonOf(ChampionPointer p) {
        return p.reason().substring(PREFIX.length());
    }

    /**
     * @throws NotFoundException for an unknown model or version
     * @throws ConflictException when there is no champion, the version is the champion by a promotion, or the
     *     pointer moved while this ran
     * @throws AnnouncementException when Kafka did not acknowledge the announcement: the move is made and recorded,
     *     the announcement is retried in the background, and the same request may be sent again
     */
    public ModelPromoted rollback(String model, int version, String reason) {
        specs.find(model).orElseThrow(() -> new NotFoundException("Model " + model + " does not exist."));
        VersionManifest target = versions.find(model, version).orElseThrow(() -> new NotFoundException(
                "Version " + version + " of " + model + " does not exist."));
        Versioned<ChampionPointer> current = store.readChampion(model).orElseThrow(() -> new ConflictException(
                "Model " + model + " has no champion yet: there is nothing to roll back."));
        if (current.value().version() == version) {
            if (isRollback(current.value())) {
                return retried(current.value());
            }
            throw new ConflictException("Version " + version + " already is the champion of " + model
                    + " (generation " + current.value().generation() + ").");
        }
        EvaluationMetrics scores = versions.report(model, version).map(r -> r.evaluation().candidate()).orElse(null);
        return move(current, target, reason, scores, null, null);
    }

    /**
     * The automatic rollback of {@link AutoRollbacks}: the same move, log entry and announcement as an admin's, from
     * exactly the pointer {@code expected} (a pointer that moved since is a {@link ConflictException}), with the
     * monitoring evidence in the log entry.
     *
     * @param restored the restored version's scores on the report's window
     * @param demoted the demoted champion's scores on the same window
     */
    public ModelPromoted rollbackAutomatically(Versioned<ChampionPointer> expected, int version, String reason,
            EvaluationMetrics restored, EvaluationMetrics demoted, Decision.Monitoring evidence) {
        String model = expected.value().model();
        VersionManifest target = versions.find(model, version).orElseThrow(() -> new NotFoundException(
                "Version " + version + " of " + model + " does not exist."));
        ModelPromoted event = move(expected, target, reason, restored, demoted, evidence);
        metrics.automaticRollback(model);
        return event;
    }

    private ModelPromoted move(Versioned<ChampionPointer> current, VersionManifest target, String reason,
            EvaluationMetrics scores, EvaluationMetrics demoted, Decision.Monitoring evidence) {
        String model = target.model();
        int version = target.version();
        ChampionPointer moved = store.moveChampion(model, Optional.of(current), version, instance, PREFIX + reason);
        metrics.champion(model, moved.updatedAt());
        int previous = current.value().version();
        ModelPromoted event = ChampionAnnouncer.event(moved, ModelPromoted.Kind.ROLLBACK, reason, previous,
                evidence == null ? scores : versions.report(model, version).map(r -> r.evaluation().candidate())
                        .orElse(null));
        record(event, target, scores, demoted, evidence);
        announcer.announce(event);
        LOG.infof("%s: rolled back from version %d to %d (generation %d): %s", model, previous, version,
                moved.generation(), reason);
        return event;
    }

    /** The same rollback again: the move stands; its log entry and announcement are made if they are missing. */
    private ModelPromoted retried(ChampionPointer pointer) {
        ModelPromoted event = announcer.eventOf(pointer);
        record(event, versions.find(pointer.model(), pointer.version()).orElseThrow(), event.metrics(), null, null);
        announcer.ensureAnnounced(pointer);
        LOG.infof("%s: rollback to version %d (generation %d) asked again; it stands", pointer.model(),
                pointer.version(), pointer.generation());
        return event;
    }

    /** The log entry, once (its id is the move's); a retry whose first try got this far finds it. */
    private void record(ModelPromoted event, VersionManifest target, EvaluationMetrics scores,
            EvaluationMetrics demoted, Decision.Monitoring evidence) {
        String id = DecisionLog.rollbackId(event.occurredAt(), event.generation());
        if (event.previousVersion() == null || log.find(event.model(), id).isPresent()) {
            return;
        }
        metrics.decided(log.record(Decision.rollback(id, event.model(),
                target.checkpointId(), event.version(), event.previousVersion(), event.generation(), event.reason(),
                scores, demoted, instance, evidence)));
    }
}
