package io.streamtune.kit.s3;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.streamtune.storage.S3Settings;
import java.net.URI;
import java.time.Duration;

/**
 * {@code streamtune.s3.*}: the object store, one mapping for every service. The keys come from each service's own
 * credentials (Kubernetes: the {@code streamtune-s3-<service>} secret), never the server's root user. A service
 * without a store (ingest) sets the build property {@code streamtune.kit.s3.enabled=false}: the store, its bucket
 * creation and its readiness check are then left out, and this mapping with them.
 */
@ConfigMapping(prefix = "streamtune.s3")
public interface S3Config {

    URI endpoint();

    String accessKey();

    String secretKey();

    @WithDefault("us-east-1")
    String region();

    @WithDefault(S3Settings.DEFAULT_CHECKPOINTS_BUCKET)
    String checkpointsBucket();

    @WithDefault(S3Settings.DEFAULT_MODELS_BUCKET)
    String modelsBucket();

    /** How long the readiness check waits for the server before it reports the store down. */
    @WithDefault("3s")
    Duration readinessTimeout();

    default S3Settings settings() {
        return new S3Settings(endpoint(), accessKey(), secretKey(), region(), checkpointsBucket(), modelsBucket());
    }
}
