package io.streamtune.kit.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while a broker answers a cluster description within {@code streamtune.kafka.readiness-timeout}, with the
 * service's own credentials (every {@code kafka.*} setting): a broker that is down or refuses the service turns into
 * DOWN after the timeout instead of a hung probe. Replaces the Kafka extension's check
 * ({@code quarkus.kafka.health.enabled=false}), which has no bound of its own.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    static final String NAME = "Kafka brokers";

    private final Admin admin;
    private final Duration timeout;

    KafkaReadiness(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "streamtune.kafka.readiness-timeout", defaultValue = "3s") Duration timeout,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "streamtune") String application) {
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, application + "-health");
        this.admin = Admin.create(p);
        this.timeout = timeout;
    }

    @Override
    public HealthCheckResponse call() {
        long ms = timeout.toMillis();
        try {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) ms)).nodes()
                    .get(ms + 500, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.named(NAME).up().withData("brokers", nodes.size()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.named(NAME).down().withData("error", "interrupted").build();
        } catch (TimeoutException e) {
            return HealthCheckResponse.named(NAME).down().withData("error", "no answer within " + timeout).build();
        } catch (ExecutionException e) {
            return HealthCheckResponse.named(NAME).down().withData("error", String.valueOf(e.getCause())).build();
        }
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
