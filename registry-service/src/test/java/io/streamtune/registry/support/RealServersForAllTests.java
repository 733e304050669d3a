package io.streamtune.registry.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.streamtune.localstack.test.RealServersResource;

/**
 * Every {@code @QuarkusTest} of this module runs against the JVM's real Kafka broker and S3 server, in one Quarkus
 * application (the resource is declared once, for all classes, so the application starts once).
 */
@QuarkusTestResource(RealServersResource.class)
public final class RealServersForAllTests {

    private RealServersForAllTests() {
    }
}
