package io.streamtune.registry.promotion;

import io.streamtune.contracts.AutoRollback;
import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.MonitoringReport;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.Versioned;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The spec's {@link AutoRollback} policy applied to the evaluator's {@link MonitoringReport}s: when the champion's
 * rolling macro-F1 trails the version it replaced, on the same window, by more than the tolerance over at least
 * {@code minExamples} examples, the champion goes back to that version through {@link Rollbacks} (the admin
 * rollback's move, log entry and announcement, with the report as evidence).
 *
 * <p>Only a report about the pointer as it is now counts (same version, generation and previous version), so a
 * re-delivered report, or one scored before the pointer last moved, changes nothing: the rollback happens once. A
 * champion that is there by a rollback is never rolled "back" to the version it replaced: that would undo the
 * rollback.
 */
public final class AutoRollbacks {

    private static final Logger LOG = Logger.getLogger(AutoRollbacks.class);

    /** What came of a report. */
    public enum Outcome {
        ROLLED_BACK, UNKNOWN_MODEL, DISABLED, NO_PREVIOUS, TOO_FEW_EXAMPLES, WITHIN_TOLERANCE, STALE, AFTER_ROLLBACK;

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The outcome, why, and the announcement when the champion was rolled back. */
    public record Result(Outcome outcome, String reason, Optional<ModelPromoted> rollback) {

        static Result of(Outcome outcome, String reason) {
            return new Result(outcome, reason, Optional.empty());
        }
    }

    private final ArtifactStore store;
    private final SpecStore specs;
    private final Rollbacks rollbacks;
    private final RegistryMetrics metrics;

    public AutoRollbacks(ArtifactStore store, SpecStore specs, Rollbacks rollbacks, RegistryMetrics metrics) {
        this.store = store;
        this.specs = specs;
        this.rollbacks = rollbacks;
        this.metrics = metrics;
    }

    /**
     * Decides on one report.
     *
     * @throws io.streamtune.storage.ConflictException when the pointer moved while this ran (the caller retries:
     *     the report is then stale)
     * @throws AnnouncementException when Kafka did not acknowledge the rollback (made and recorded; announced later)
     */
    public Result handle(MonitoringReport r) {
        Result result = decide(r);
        metrics.monitoringReport(r.model(), result.outcome().wire());
        if (result.outcome() == Outcome.ROLLED_BACK) {
            LOG.warnf("%s: automatic rollback: %s", r.model(), result.reason());
        } else {
            LOG.debugf("%s: monitoring report %s: %s (%s)", r.model(), r.eventId(), result.outcome(), result.reason());
        }
        return result;
    }

    private Result decide(MonitoringReport r) {
        Optional<ModelSpec> spec = specs.find(r.model());
        if (spec.isEmpty()) {
            return Result.of(Outcome.UNKNOWN_MODEL, "model " + r.model() + " does not exist");
        }
        AutoRollback policy = spec.get().promotion().autoRollback();
        if (!policy.enabled()) {
            return Result.of(Outcome.DISABLED, "the spec's promotion.autoRollback is not enabled");
        }
        if (r.previousVersion() == null) {
            return Result.of(Outcome.NO_PREVIOUS, "the report scores no previous version"
                    + (r.reason() == null ? "" : " (" + r.reason() + ")"));
        }
        if (r.count() < policy.minExamples()) {
            return Result.of(Outcome.TOO_FEW_EXAMPLES, "the window holds " + r.count()
                    + " examples, promotion.autoRollback.minExamples is " + policy.minExamples());
        }
        double champion = r.champion().macroF1();
        double previous = r.previous().macroF1();
        if (previous - champion <= policy.tolerance()) {
            return Result.of(Outcome.WITHIN_TOLERANCE, String.format(Locale.ROOT,
                    "champion v%d macro-F1 %.4f, v%d %.4f: within the tolerance %.4f", r.championVersion(), champion,
                    r.previousVersion(), previous, policy.tolerance()));
        }
        Optional<Versioned<ChampionPointer>> current = store.readChampion(r.model());
        if (current.isEmpty() || !about(current.get().value(), r)) {
            return Result.of(Outcome.STALE, "the report is about champion v" + r.championVersion() + " (generation "
                    + r.championGeneration() + ", previous v" + r.previousVersion() + "), the pointer names "
                    + current.map(p -> "v" + p.value().version() + " (generation " + p.value().generation()
                    + ", previous v" + p.value().previousVersion() + ")").orElse("nothing"));
        }
        if (Rollbacks.isRollback(current.get().value())) {
            return Result.of(Outcome.AFTER_ROLLBACK, "champion v" + r.championVersion()
                    + " is there by a rollback from v" + r.previousVersion() + ": monitoring does not undo it");
        }
        String reason = String.format(Locale.ROOT, "automatic: champion v%d macro-F1 %.4f trails v%d %.4f by %.4f "
                + "(> tolerance %.4f) on the same %d newly arrived held-out examples (monitoring report %s)",
                r.championVersion(), champion, r.previousVersion(), previous, previous - champion,
                policy.tolerance(), r.count(), r.eventId());
        Decision.Monitoring evidence = new Decision.Monitoring(r.eventId(), r.championVersion(), r.previousVersion(),
                champion, previous, policy.tolerance(), policy.minExamples(), r.windowSize(), r.count(),
                r.offsets());
        ModelPromoted event = rollbacks.rollbackAutomatically(current.get(), r.previousVersion(), reason,
                r.previous(), r.champion(), evidence);
        return new Result(Outcome.ROLLED_BACK, reason, Optional.of(event));
    }

    private static boolean about(ChampionPointer p, MonitoringReport r) {
        return p.version() == r.championVersion() && p.generation() == r.championGeneration()
                && r.previousVersion().equals(p.previousVersion());
    }
}
