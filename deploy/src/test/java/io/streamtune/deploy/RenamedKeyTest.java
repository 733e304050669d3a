package io.streamtune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.deploy.compose.ComposeChecks;
import io.streamtune.deploy.k8s.Manifest;
import io.streamtune.deploy.k8s.ManifestReader;
import io.streamtune.deploy.k8s.WorkloadChecks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The point of the checker: a service renames a configuration key and the deployment files that still set the old
 * name fail, in Kubernetes and in Compose alike.
 */
class RenamedKeyTest {

    private static final Map<String, Set<String>> SECRETS = Map.of("demo-s3", Set.of("access-key", "app-sha256"));

    @TempDir
    Path dir;

    @Test
    void manifestsMatchTheServiceAsItIs() {
        Path root = Fixture.copyTo(dir);

        assertThat(k8s(root).problems()).isEmpty();
        assertThat(compose(root).problems()).isEmpty();
    }

    @Test
    void renamingAMappingMethodBreaksTheManifestsThatSetTheOldKey() {
        Path root = Fixture.copyTo(dir);
        Fixture.edit(root.resolve("demo-service/src/main/java/demo/config/DemoConfig.java"),
                "String accessKey();", "String accessKeyId();");

        assertThat(k8s(root).problems()).containsExactly(
                "k8s/demo.yaml #2 (Deployment demo-service), container demo-service: environment variable "
                        + "DEMO_S3_ACCESS_KEY sets no configuration key of demo-service (did you mean "
                        + "DEMO_S3_ACCESS_KEY_ID?).",
                "k8s/demo.yaml #2 (Deployment demo-service), container demo-service: demo-service cannot start "
                        + "without demo.s3.access-key-id (no default): set DEMO_S3_ACCESS_KEY_ID.");
        assertThat(String.join("\n", compose(root).problems()))
                .contains("service demo-service: environment variable DEMO_S3_ACCESS_KEY sets no configuration key")
                .contains("cannot start without demo.s3.access-key-id");
    }

    @Test
    void renamingAPropertyOrAPortBreaksThemToo() {
        Path root = Fixture.copyTo(dir);
        Path props = root.resolve("demo-service/src/main/resources/application.properties");
        Fixture.edit(props, "kafka.bootstrap.servers=", "streamtune.kafka.servers=");
        Fixture.edit(props, "quarkus.http.port=8090", "quarkus.http.port=8091");

        assertThat(String.join("\n", k8s(root).problems()))
                .contains("KAFKA_BOOTSTRAP_SERVERS sets no configuration key of demo-service")
                .contains("needs a port named http with containerPort 8091")
                .contains("readinessProbe port is 8090, must be http or 8091");
        assertThat(String.join("\n", compose(root).problems()))
                .contains("KAFKA_BOOTSTRAP_SERVERS sets no configuration key")
                .contains("ports must publish the container port 8091");
    }

    private static Findings k8s(Path root) {
        Project project = Project.load(root);
        Findings f = new Findings();
        List<Manifest> objects = ManifestReader.read(YamlFiles.read(root.resolve("k8s/demo.yaml")), "k8s/demo.yaml", f);
        new WorkloadChecks(project, f, SECRETS).check(objects, true);
        return f;
    }

    private static Findings compose(Path root) {
        Project project = Project.load(root);
        Findings f = new Findings();
        ComposeChecks checks = new ComposeChecks(project, f);
        checks.check(root.resolve("docker-compose.yml"), root.resolve(".env.example"), root.resolve("gitignore"));
        return f;
    }
}
