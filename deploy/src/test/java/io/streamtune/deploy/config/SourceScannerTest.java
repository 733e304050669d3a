package io.streamtune.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.deploy.Fixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceScannerTest {

    @TempDir
    Path dir;

    @Test
    void expandsConfigMappingsAndFindsLookups() {
        Path root = Fixture.copyTo(dir);
        SourceScanner.Result r = SourceScanner.scan(root.resolve("demo-service/src/main/java"));

        assertThat(r.keys()).containsExactlyInAnyOrder(
                "demo.s3.access-key", "demo.s3.region",
                "demo.clients.*.sha256", "demo.clients.*.models",
                "demo.max-items", "demo.request-timeout", "demo.extra.*", "demo.routes[*].path",
                "demo.feature.enabled", "demo.limit");
        assertThat(r.envNames()).containsExactly("HOSTNAME");
        assertThat(r.defaults()).containsExactly(Map.entry("demo.s3.region", "us-east-1"));
        assertThat(r.mappingPrefixes()).containsExactly("demo");
        assertThat(r.required()).as("no default, not Optional, not in a map or list")
                .containsExactlyInAnyOrder("demo.s3.access-key", "demo.max-items");
    }

    @Test
    void aServiceKnowsItsPropertiesMappingsAndRuntimeVariables() {
        Path root = Fixture.copyTo(dir);
        ServiceConfig svc = ServiceConfig.load("demo-service", root.resolve("demo-service"));

        assertThat(svc.httpPort()).isEqualTo(8090);
        assertThat(svc.healthPath("ready")).isEqualTo("/q/health/ready");
        assertThat(svc.shutdownTimeout()).hasSeconds(10);
        assertThat(svc.usesDjl()).isFalse();
        assertThat(svc.knowsEnv("KAFKA_BOOTSTRAP_SERVERS")).isTrue();
        assertThat(svc.knowsEnv("MP_MESSAGING_INCOMING_ORDERS_TOPIC")).isTrue();
        assertThat(svc.knowsEnv("DEMO_S3_ACCESS_KEY")).isTrue();
        assertThat(svc.knowsEnv("DEMO_CLIENTS__APP__MODELS")).isTrue();
        assertThat(svc.knowsEnv("QUARKUS_PROFILE")).isTrue();
        assertThat(svc.knowsEnv("JDK_JAVA_OPTIONS")).isTrue();
        assertThat(svc.knowsEnv("DJL_CACHE_DIR")).as("DJL variables only where the model module is used").isFalse();
        assertThat(svc.knowsEnv("DEMO_S3_SECRET_KEY")).isFalse();
        assertThat(svc.suggest("DEMO_S3_ACCES_KEY")).contains("DEMO_S3_ACCESS_KEY");
    }
}
