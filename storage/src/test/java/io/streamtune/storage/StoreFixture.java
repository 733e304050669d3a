package io.streamtune.storage;

import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.S3Endpoint;
import java.net.URI;
import java.util.UUID;

/** Stores on the real S3 server of this test run, each test in buckets of its own. */
final class StoreFixture {

    private StoreFixture() {
    }

    static S3Settings freshBuckets() {
        S3Endpoint s3 = RealServers.s3();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return new S3Settings(URI.create(s3.endpoint()), s3.accessKey(), s3.secretKey(), s3.region(),
                "ck-" + suffix, "models-" + suffix);
    }

    static boolean atomicConditionalWrites() {
        return "minio".equals(RealServers.s3().kind());
    }
}
