package io.streamtune.ingest.health;

import io.streamtune.ingest.config.IngestConfig;
import io.streamtune.ingest.messaging.KafkaClients;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while a broker answers within the health timeout: without one, every write would end in 503. */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private final Admin admin;
    private final long timeoutMs;

    public KafkaReadiness(KafkaClients clients, IngestConfig config) {
        this.admin = clients.admin("streamtune-ingest-health");
        this.timeoutMs = config.kafka().healthTimeout().toMillis();
    }

    @Override
    public HealthCheckResponse call() {
        try {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs))
                    .nodes().get(timeoutMs + 500, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.named("kafka").up().withData("brokers", nodes.size()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.named("kafka").down().withData("reason", "interrupted").build();
        } catch (Exception e) {
            return HealthCheckResponse.named("kafka").down().withData("reason", String.valueOf(e.getMessage())).build();
        }
    }

    @PreDestroy
    void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
