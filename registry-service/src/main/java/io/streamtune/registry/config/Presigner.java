package io.streamtune.registry.config;

import io.streamtune.kit.s3.S3Config;
import io.streamtune.storage.S3ArtifactStore;
import io.streamtune.storage.S3Settings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;

/**
 * Signs download URLs with the endpoint apps reach ({@code streamtune.registry.presign-endpoint}, else the S3
 * endpoint): the signature covers the host, so the URL must be signed for the host the app will call.
 */
@Singleton
public class Presigner {

    private final S3ArtifactStore signer;
    private final Duration ttl;

    public Presigner(S3Config s3, RegistryConfig registry) {
        S3Settings base = s3.settings();
        URI endpoint = registry.presignEndpoint().filter(s -> !s.isBlank()).map(URI::create).orElse(base.endpoint());
        this.signer = new S3ArtifactStore(new S3Settings(endpoint, base.accessKey(), base.secretKey(), base.region(),
                base.checkpointsBucket(), base.modelsBucket()));
        this.ttl = registry.presignTtl();
    }

    /** A GET URL for one file of a version, valid for {@link #ttl()}. */
    public URI versionFile(String model, int version, String path) {
        return signer.presignVersionFile(model, version, path, ttl);
    }

    public Duration ttl() {
        return ttl;
    }

    @PreDestroy
    void close() {
        signer.close();
    }
}
