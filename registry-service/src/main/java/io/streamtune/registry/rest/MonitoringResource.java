package io.streamtune.registry.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.MonitoringReport;
import io.streamtune.contracts.SourceQuarantined;
import io.streamtune.registry.monitoring.LatestReports;
import io.streamtune.registry.promotion.SpecStore;
import io.streamtune.registry.quarantine.Quarantines;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The dashboard's live view of a model: the champion and the previous version on the newest held-out examples (the
 * evaluator's latest monitoring report), and each feedback source's disagreement with the champion and quarantine
 * state. Scores and states only: the evidence behind a quarantine stays behind the admin key.
 */
@Path("/api/v1/models/{name}/monitoring")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class MonitoringResource {

    private final SpecStore specs;
    private final LatestReports reports;
    private final Quarantines quarantines;

    public MonitoringResource(SpecStore specs, LatestReports reports, Quarantines quarantines) {
        this.specs = specs;
        this.reports = reports;
        this.quarantines = quarantines;
    }

    /** A version's scores on the report's window: macro-F1, accuracy, calibration error, recall per class. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Scores(int version, double macroF1, double accuracy, double expectedCalibrationError,
            Map<String, Double> recall) {

        static Scores of(int version, EvaluationMetrics m) {
            if (m == null) {
                return null;
            }
            Map<String, Double> recall = new TreeMap<>();
            m.perClass().forEach((label, c) -> recall.put(label, c.recall()));
            return new Scores(version, m.macroF1(), m.accuracy(), m.expectedCalibrationError(), recall);
        }
    }

    /**
     * A feedback source: its examples in the window, the share of them whose label the champion disagrees with, and
     * its quarantine state ({@code null}: never quarantined).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SourceView(String source, Integer count, Double disagreement, SourceQuarantined.State state) {
    }

    /** {@code at} and the scores are null while no report has come since this registry started. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MonitoringView(String model, Instant at, Integer windowSize, Integer count, Scores champion,
            Scores previous, List<SourceView> sources) {
    }

    @GET
    @Operation(summary = "The champion and the previous version on the newest held-out examples, and each source's "
            + "disagreement with the champion and quarantine state",
            description = "From the evaluator's latest monitoring report read by this registry (none right after a "
                    + "start) and streamtune.quarantines. 404 for an unknown model.")
    public MonitoringView get(@RestPath String name) {
        Models.spec(specs, name);
        Map<String, SourceQuarantined.State> states = new TreeMap<>();
        quarantines.list(name).forEach(q -> states.put(q.source(), q.state()));
        Map<String, SourceView> sources = new TreeMap<>();
        MonitoringReport r = reports.of(name).orElse(null);
        if (r != null) {
            r.sources().forEach(s -> sources.put(s.source(), new SourceView(s.source(), s.count(),
                    s.count() == 0 ? null : (double) s.disagreements() / s.count(), states.get(s.source()))));
        }
        states.forEach((source, state) -> sources.putIfAbsent(source, new SourceView(source, null, null, state)));
        if (r == null) {
            return new MonitoringView(name, null, null, null, null, null, List.copyOf(sources.values()));
        }
        return new MonitoringView(name, r.occurredAt(), r.windowSize(), r.count(),
                Scores.of(r.championVersion(), r.champion()),
                r.previousVersion() == null ? null : Scores.of(r.previousVersion(), r.previous()),
                List.copyOf(sources.values()));
    }
}
