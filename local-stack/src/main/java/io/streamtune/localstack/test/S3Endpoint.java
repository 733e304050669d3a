package io.streamtune.localstack.test;

import java.util.Set;

/**
 * A running S3-compatible server, as a client sees it (path-style requests, signed with the keys).
 *
 * @param endpoint  the URL, e.g. {@code http://127.0.0.1:40124}
 * @param accessKey the access key id
 * @param secretKey the secret key
 * @param region    the region to sign for
 * @param kind      {@value #S3PROXY} or {@value #MINIO}: S3Proxy's conditional writes are not atomic under
 *                  concurrency, MinIO's are
 */
public record S3Endpoint(String endpoint, String accessKey, String secretKey, String region, String kind) {

    public static final String S3PROXY = "s3proxy";
    public static final String MINIO = "minio";

    public S3Endpoint {
        requireText("endpoint", endpoint);
        requireText("accessKey", accessKey);
        requireText("secretKey", secretKey);
        requireText("region", region);
        if (!Set.of(S3PROXY, MINIO).contains(kind)) {
            throw new IllegalArgumentException("kind must be " + S3PROXY + " or " + MINIO + ", was '" + kind + "'.");
        }
    }

    @Override
    public String toString() {
        return "S3Endpoint[endpoint=" + endpoint + ", accessKey=" + accessKey + ", region=" + region + ", kind=" + kind + "]";
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank.");
        }
    }
}
