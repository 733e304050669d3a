package io.streamtune.registry.quarantine;

import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.MonitoringReport;
import io.streamtune.contracts.SourceQuarantine;
import io.streamtune.contracts.SourceQuarantined;
import io.streamtune.registry.promotion.RegistryMetrics;
import io.streamtune.registry.promotion.SpecStore;
import io.streamtune.storage.ConflictException;
import io.streamtune.storage.NotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The spec's {@link SourceQuarantine} policy applied to the evaluator's {@link MonitoringReport}s, and the admin's
 * release and drop. The state is the compacted {@link QuarantineLog}, read again for every decision, so every registry
 * instance answers from the same record and a re-delivered report finds its sources quarantined already: nothing is
 * quarantined twice. A released source is judged again only on reports that occurred after its release.
 */
public final class Quarantines {

    private static final Logger LOG = Logger.getLogger(Quarantines.class);
    public static final String AUTOMATIC = "automatic";

    private final SpecStore specs;
    private final QuarantineLog log;
    private final RegistryMetrics metrics;

    public Quarantines(SpecStore specs, QuarantineLog log, RegistryMetrics metrics) {
        this.specs = specs;
        this.log = log;
        this.metrics = metrics;
    }

    /** Quarantines the report's outlier sources; returns the records written (empty when none). */
    public List<SourceQuarantined> handle(MonitoringReport r) {
        Optional<ModelSpec> spec = specs.find(r.model());
        if (spec.isEmpty() || r.sources().isEmpty()) {
            return List.of();
        }
        SourceQuarantine policy = spec.get().promotion().quarantine();
        if (!policy.enabled()) {
            return List.of();
        }
        Map<String, SourceQuarantined> current = log.read(r.model());
        metrics.quarantined(r.model(), blocking(current));
        // blocked sources are neither judged nor compared; a released one sits out reports from before its release
        Set<String> skip = current.values().stream()
                .filter(q -> q.blocks() || !r.occurredAt().isAfter(q.occurredAt()))
                .map(SourceQuarantined::source).collect(Collectors.toSet());
        List<SourceQuarantined> written = new ArrayList<>();
        for (SourceOutliers.Outlier o : SourceOutliers.find(r, policy, skip)) {
            var e = o.evidence();
            String reason = String.format(Locale.ROOT, "automatic: the champion v%d disagrees with %d of %d labels "
                    + "of %s (%.4f), above the threshold %.4f (median %.4f, MAD %.4f of %d sources; monitoring "
                    + "report %s)", e.championVersion(), e.disagreements(), e.count(), o.source(), e.rate(),
                    e.threshold(), e.median(), e.mad(), e.sources(), e.reportId());
            SourceQuarantined q = new SourceQuarantined(null, 0, null, r.model(), o.source(),
                    SourceQuarantined.State.QUARANTINED, AUTOMATIC, reason, r.occurredAt(), e);
            log.write(q);
            metrics.quarantine(r.model(), q.state());
            LOG.warnf("%s: source %s quarantined: %s", r.model(), o.source(), reason);
            written.add(q);
            current.put(o.source(), q);
        }
        metrics.quarantined(r.model(), blocking(current));
        return written;
    }

    /** Every source of the model with a quarantine record, in source order. */
    public List<SourceQuarantined> list(String model) {
        requireModel(model);
        Map<String, SourceQuarantined> current = log.read(model);
        metrics.quarantined(model, blocking(current));
        return current.values().stream().sorted(Comparator.comparing(SourceQuarantined::source)).toList();
    }

    /** The source trains again; the examples held on the quarantine topic stay there (they are not replayed). */
    public SourceQuarantined release(String model, String source, String actor, String reason) {
        SourceQuarantined q = existing(model, source);
        if (q.state() == SourceQuarantined.State.RELEASED) {
            throw new ConflictException("source " + source + " of " + model + " was released already (at "
                    + q.occurredAt() + ")");
        }
        return move(q, SourceQuarantined.State.RELEASED, actor, reason);
    }

    /** The source stays quarantined and the examples it has on the quarantine topic are marked dropped. */
    public SourceQuarantined drop(String model, String source, String actor, String reason) {
        SourceQuarantined q = existing(model, source);
        if (q.state() == SourceQuarantined.State.RELEASED) {
            throw new ConflictException("source " + source + " of " + model + " was released (at " + q.occurredAt()
                    + "): it trains again, there is no quarantine to drop");
        }
        return move(q, SourceQuarantined.State.DROPPED, actor, reason);
    }

    private SourceQuarantined move(SourceQuarantined q, SourceQuarantined.State to, String actor, String reason) {
        SourceQuarantined next = q.to(to, actor, reason);
        log.write(next);
        metrics.quarantine(q.model(), to);
        Map<String, SourceQuarantined> current = log.read(q.model());
        current.put(q.source(), next);
        metrics.quarantined(q.model(), blocking(current));
        LOG.infof("%s: source %s %s by %s: %s", q.model(), q.source(), to.name().toLowerCase(Locale.ROOT), actor,
                reason);
        return next;
    }

    private SourceQuarantined existing(String model, String source) {
        requireModel(model);
        SourceQuarantined q = log.read(model).get(source);
        if (q == null) {
            throw new NotFoundException("source " + source + " of " + model + " has never been quarantined");
        }
        return q;
    }

    private void requireModel(String model) {
        if (specs.find(model).isEmpty()) {
            throw new NotFoundException("model " + model + " does not exist");
        }
    }

    private static int blocking(Map<String, SourceQuarantined> current) {
        return (int) current.values().stream().filter(SourceQuarantined::blocks).count();
    }
}
