package io.streamtune.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.deploy.Findings;
import io.streamtune.deploy.Fixture;
import io.streamtune.deploy.Project;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeChecksTest {

    @TempDir
    Path dir;

    @Test
    void literalSecretsUndocumentedVariablesAndUnhealthyDependenciesFail() {
        Path root = Fixture.copyTo(dir);
        Path compose = root.resolve("docker-compose.yml");
        Fixture.edit(compose, "DEMO_S3_ACCESS_KEY: ${DEMO_ACCESS_KEY:?set it in .env}", "DEMO_S3_ACCESS_KEY: hunter2");
        Fixture.edit(compose, "DEMO_MAX_ITEMS: \"10\"", "DEMO_MAX_ITEM: ${MAX_ITEMS:-10}");
        Fixture.edit(compose, "condition: service_healthy", "condition: service_started");
        Fixture.edit(compose, "image: apache/kafka:4.1.0", "image: apache/kafka:latest");
        Fixture.edit(root.resolve("gitignore"), ".env", "target/");
        Findings f = new Findings();
        new ComposeChecks(Project.load(root), f)
                .check(compose, root.resolve(".env.example"), root.resolve("gitignore"));

        assertThat(String.join("\n", f.problems()))
                .contains("DEMO_S3_ACCESS_KEY is a secret: take it from .env as ${VAR}")
                .contains("${MAX_ITEMS} is not documented in .env.example")
                .contains("demo-service cannot start without demo.max-items (no default): set DEMO_MAX_ITEMS")
                .contains("depends_on kafka with condition: service_healthy is missing")
                .contains("image apache/kafka:latest uses the moving tag 'latest'")
                .contains("must ignore .env");
    }

    @Test
    void onlyAOneShotTaskMayGoWithoutAHealthcheck() {
        Path root = Fixture.copyTo(dir);
        Path compose = root.resolve("docker-compose.yml");
        Fixture.edit(compose, "    healthcheck:\n      test: [\"CMD-SHELL\", \"true\"]\n  demo-service:",
                "  demo-service:");
        Findings f = new Findings();
        new ComposeChecks(Project.load(root), f).check(compose, root.resolve(".env.example"), root.resolve("gitignore"));
        assertThat(String.join("\n", f.problems())).contains("service kafka: needs a healthcheck");

        Fixture.edit(compose, "    image: apache/kafka:4.1.0\n  demo-service:",
                "    image: apache/kafka:4.1.0\n    restart: \"no\"\n  demo-service:");
        Findings oneShot = new Findings();
        new ComposeChecks(Project.load(root), oneShot)
                .check(compose, root.resolve(".env.example"), root.resolve("gitignore"));
        assertThat(String.join("\n", oneShot.problems())).doesNotContain("needs a healthcheck");
    }

    @Test
    void goDurations() {
        assertThat(ComposeChecks.goDuration("120s")).hasSeconds(120);
        assertThat(ComposeChecks.goDuration("1m30s")).hasSeconds(90);
        assertThat(ComposeChecks.goDuration("2m")).hasSeconds(120);
    }
}
