package io.streamtune.registry.monitoring;

import io.streamtune.contracts.MonitoringReport;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The newest monitoring report of each model this instance has read (its partitions of {@code streamtune.monitoring}),
 * for the dashboard's live view; a report older than the one held is ignored. Memory only: after a restart the view
 * is empty until the evaluator's next report (every 50 new held-out examples or 60 s).
 */
@ApplicationScoped
public class LatestReports {

    private final ConcurrentMap<String, MonitoringReport> latest = new ConcurrentHashMap<>();

    public void offer(MonitoringReport r) {
        latest.merge(r.model(), r, (held, next) -> next.occurredAt().isBefore(held.occurredAt()) ? held : next);
    }

    public Optional<MonitoringReport> of(String model) {
        return Optional.ofNullable(latest.get(model));
    }
}
