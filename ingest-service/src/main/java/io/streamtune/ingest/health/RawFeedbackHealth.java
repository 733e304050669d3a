package io.streamtune.ingest.health;

import io.streamtune.ingest.raw.RawFeedbackConsumer;
import io.streamtune.ingest.raw.RawFeedbackStatus;
import io.streamtune.ingest.raw.RawTopic;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The raw feedback consumer: ready while it runs and its last poll returned within a minute (or when no raw source
 * is configured); down while it waits for the specs, starts, or recovers from an error (the error is in the data).
 */
@Readiness
@ApplicationScoped
public class RawFeedbackHealth implements HealthCheck {

    /** A poll returns every 0.5 s when idle; a transaction of a full poll takes well under this. */
    static final Duration STUCK_AFTER = Duration.ofSeconds(60);

    private final RawFeedbackConsumer consumer;

    public RawFeedbackHealth(RawFeedbackConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        RawFeedbackStatus s = consumer.status();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("raw-feedback").status(s.healthy(STUCK_AFTER))
                .withData("state", s.state().name().toLowerCase(java.util.Locale.ROOT))
                .withData("topics", String.join(",", consumer.topics().stream().map(RawTopic::topic).toList()))
                .withData("assignedPartitions", s.assignedPartitions());
        if (s.lastError() != null) {
            b.withData("lastError", s.lastError());
        }
        return b.build();
    }
}
