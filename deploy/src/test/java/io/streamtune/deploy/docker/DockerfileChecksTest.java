package io.streamtune.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.deploy.Findings;
import io.streamtune.deploy.Fixture;
import io.streamtune.deploy.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfileChecksTest {

    @TempDir
    Path dir;

    @Test
    void theFixtureImageFollowsTheRules() {
        Path root = Fixture.copyTo(dir);
        Findings f = new Findings();
        new DockerfileChecks(Project.load(root), f).checkAll();

        assertThat(f.problems()).isEmpty();
    }

    @Test
    void unpinnedBaseRootUserWrongPortAndMissingLayersFail() {
        Path root = Fixture.copyTo(dir);
        Path file = root.resolve("demo-service/src/main/docker/Dockerfile.jvm");
        Fixture.edit(file, "eclipse-temurin:17.0.16_8-jre-jammy", "eclipse-temurin");
        Fixture.edit(file, "USER 10001", "USER root");
        Fixture.edit(file, "EXPOSE 8090", "EXPOSE 8080");
        Fixture.edit(file, "COPY --chown=10001:10001 target/quarkus-app/quarkus/ /deployments/quarkus/\n", "");
        Fixture.edit(file, "ENV JDK_JAVA_OPTIONS", "ENV DEMO_S3_SECRET_KEY=x JDK_JAVA_OPTIONS");
        Findings f = new Findings();
        new DockerfileChecks(Project.load(root), f).checkAll();

        assertThat(String.join("\n", f.problems()))
                .contains("image eclipse-temurin has no tag")
                .contains("USER root: use a numeric non-root uid")
                .contains("EXPOSE 8090")
                .contains("missing [target/quarkus-app/quarkus/]")
                .contains("ENV DEMO_S3_SECRET_KEY sets no configuration key of demo-service");
    }

    @Test
    void onceTheServiceIsPackagedEveryCopiedPathMustExist() throws IOException {
        Path root = Fixture.copyTo(dir);
        Path app = root.resolve("demo-service/target/quarkus-app");
        for (String sub : new String[] {"lib/main", "app", "quarkus"}) {
            Files.createDirectories(app.resolve(sub));
        }
        Findings f = new Findings();
        new DockerfileChecks(Project.load(root), f).checkAll();
        assertThat(f.problems()).singleElement().asString()
                .contains("copies target/quarkus-app/*.jar, which ./mvnw package did not produce");

        Files.writeString(app.resolve("quarkus-run.jar"), "");
        Findings again = new Findings();
        new DockerfileChecks(Project.load(root), again).checkAll();
        assertThat(again.problems()).isEmpty();
    }
}
