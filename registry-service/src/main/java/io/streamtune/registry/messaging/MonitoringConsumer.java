package io.streamtune.registry.messaging;

import io.smallrye.common.annotation.Blocking;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.MonitoringReport;
import io.streamtune.kit.kafka.DeadLetters;
import io.streamtune.kit.retry.Backoff;
import io.streamtune.registry.config.RegistryConfig;
import io.streamtune.registry.monitoring.LatestReports;
import io.streamtune.registry.promotion.AnnouncementException;
import io.streamtune.registry.promotion.AutoRollbacks;
import io.streamtune.registry.quarantine.Quarantines;
import io.streamtune.storage.ConflictException;
import io.streamtune.storage.RetriableStorageException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The evaluator's monitoring reports, in partition order, into {@link AutoRollbacks} and {@link Quarantines}. A record that is not a valid
 * {@code MonitoringReport} goes to the DLQ. While S3 or Kafka is unreachable, or the pointer moves under the
 * decision, the record is retried with back-off for {@code streamtune.registry.retry-for} (a retry after a move
 * finds the report stale, so nothing rolls back twice); then the channel fails and a restart redoes the record.
 */
@ApplicationScoped
public class MonitoringConsumer {

    static final String CONSUMER = "registry-service/monitoring";
    private static final Logger LOG = Logger.getLogger(MonitoringConsumer.class);

    private final AutoRollbacks autoRollbacks;
    private final Quarantines quarantines;
    private final DeadLetters deadLetters;
    private final Backoff backoff;
    private final LatestReports latest;

    public MonitoringConsumer(AutoRollbacks autoRollbacks, Quarantines quarantines, DeadLetters deadLetters,
            RegistryConfig config, LatestReports latest) {
        this.latest = latest;
        this.autoRollbacks = autoRollbacks;
        this.quarantines = quarantines;
        this.deadLetters = deadLetters;
        this.backoff = Backoff.within(config.retryFor(), Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    @Incoming(Channels.MONITORING)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        MonitoringReport report;
        try {
            report = EventJson.read(Records.value(record), MonitoringReport.class);
        } catch (IllegalArgumentException poison) {
            deadLetters.sendAndWait(record, poison.getMessage(), CONSUMER);
            return;
        }
        latest.offer(report);
        backoff.guard("registry.monitoring", List.of(RetriableStorageException.class, AnnouncementException.class,
                ConflictException.class), e -> LOG.warnf("%s: cannot act on monitoring report %s yet (%s); retrying",
                report.model(), report.eventId(), e.getMessage()))
                .get(() -> autoRollbacks.handle(report), AutoRollbacks.Result.class);
        // a retry finds the sources quarantined the first time already quarantined: none twice
        backoff.guard("registry.quarantines", List.of(AnnouncementException.class), e -> LOG.warnf(
                "%s: cannot judge the sources of monitoring report %s yet (%s); retrying", report.model(),
                report.eventId(), e.getMessage()))
                .get(() -> quarantines.handle(report), List.class);
    }
}
