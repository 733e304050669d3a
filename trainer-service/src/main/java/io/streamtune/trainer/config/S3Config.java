package io.streamtune.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.streamtune.storage.S3Settings;
import java.net.URI;

/** {@code streamtune.s3.*}: the object store that holds the checkpoints. */
@ConfigMapping(prefix = "streamtune.s3")
public interface S3Config {

    String endpoint();

    String accessKey();

    String secretKey();

    @WithDefault("us-east-1")
    String region();

    @WithDefault(S3Settings.DEFAULT_CHECKPOINTS_BUCKET)
    String checkpointsBucket();

    @WithDefault(S3Settings.DEFAULT_MODELS_BUCKET)
    String modelsBucket();

    default S3Settings settings() {
        return new S3Settings(URI.create(endpoint()), accessKey(), secretKey(), region(), checkpointsBucket(),
                modelsBucket());
    }
}
