package io.streamtune.kit.s3;

import io.quarkus.arc.properties.IfBuildProperty;
import io.streamtune.storage.ArtifactStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the S3 server answers for the checkpoints bucket, which every service that holds a store reads or
 * writes, within {@code streamtune.s3.readiness-timeout}. The probe runs on its own thread: a server that accepts
 * the connection and never answers turns into DOWN after the timeout instead of a hung probe, and while one probe
 * hangs the next ones wait on it rather than piling up threads.
 */
@IfBuildProperty(name = "streamtune.kit.s3.enabled", stringValue = "true", enableIfMissing = true)
@Readiness
@ApplicationScoped
public class S3Readiness implements HealthCheck {

    static final String NAME = "S3 object store";

    private final ArtifactStore store;
    private final S3Config config;
    private final ExecutorService probes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "s3-readiness");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    S3Readiness(ArtifactStore store, S3Config config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        String bucket = store.settings().checkpointsBucket();
        var response = HealthCheckResponse.named(NAME).withData("bucket", bucket)
                .withData("endpoint", store.settings().endpoint().toString());
        try {
            probe(bucket).get(config.readinessTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return response.up().build();
        } catch (TimeoutException e) {
            return response.down().withData("error", "no answer within " + config.readinessTimeout()).build();
        } catch (ExecutionException e) {
            return response.down().withData("error", String.valueOf(e.getCause().getMessage())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("error", "interrupted").build();
        }
    }

    private synchronized CompletableFuture<Void> probe(String bucket) {
        if (inFlight.isDone()) {
            inFlight = CompletableFuture.runAsync(() -> store.objects().exists(bucket, ".readiness-probe"), probes);
        }
        return inFlight;
    }

    @PreDestroy
    void stop() {
        probes.shutdownNow();
    }
}
