package io.streamtune.storage;

import java.net.URI;

/**
 * Where the object store is and which buckets hold what. Bucket names follow S3 rules (3..63 chars).
 *
 * @param checkpointsBucket {@code <model>/<checkpointId>/...}, written by the trainer
 * @param modelsBucket {@code <model>/versions/<n>/...} and {@code <model>/champion.json}, written by the registry
 */
public record S3Settings(URI endpoint, String accessKey, String secretKey, String region, String checkpointsBucket,
        String modelsBucket) {

    public static final String DEFAULT_CHECKPOINTS_BUCKET = "streamtune-checkpoints";
    public static final String DEFAULT_MODELS_BUCKET = "streamtune-models";

    public S3Settings {
        if (endpoint == null) {
            throw new IllegalArgumentException("streamtune.s3.endpoint is required (e.g. http://127.0.0.1:9000).");
        }
        region = region == null || region.isBlank() ? "us-east-1" : region;
        checkpointsBucket = bucket("checkpoints-bucket", checkpointsBucket, DEFAULT_CHECKPOINTS_BUCKET);
        modelsBucket = bucket("models-bucket", modelsBucket, DEFAULT_MODELS_BUCKET);
    }

    public static S3Settings of(String endpoint, String accessKey, String secretKey) {
        return new S3Settings(URI.create(endpoint), accessKey, secretKey, null, null, null);
    }

    private static String bucket(String field, String name, String fallback) {
        String b = name == null || name.isBlank() ? fallback : name;
        if (!b.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("streamtune.s3." + field + " must be a valid S3 bucket name "
                    + "(3..63 lower-case letters, digits, '.', '-'), got '" + b + "'.");
        }
        return b;
    }
}
