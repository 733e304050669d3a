package io.streamtune.evaluator.support;

import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.S3Endpoint;
import io.streamtune.storage.S3Settings;
import java.net.URI;
import java.util.UUID;

/** Buckets of a test's own on the JVM's real S3 server. */
public final class Buckets {

    private Buckets() {
    }

    public static S3Settings fresh() {
        S3Endpoint s3 = RealServers.s3();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return new S3Settings(URI.create(s3.endpoint()), s3.accessKey(), s3.secretKey(), s3.region(),
                "ck-" + suffix, "models-" + suffix);
    }

    public static String evaluatorBucket(S3Settings s) {
        return "ev-" + s.checkpointsBucket().substring(3);
    }
}
