package io.streamtune.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.deploy.Findings;
import io.streamtune.deploy.Fixture;
import io.streamtune.deploy.Project;
import io.streamtune.deploy.Repository;
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

    /**
     * The repository's compose file, with the trainer pool broken the ways that stop {@code docker compose up --scale
     * trainer-service=3}: a container name, a fixed host port, a named volume the replicas would share, and a
     * models filter that may be empty (it was {@code TRAINER_MODELS:?}, required, before the trainer became a pool).
     */
    @Test
    void aTrainerThatCannotScaleOrWithAFilterThatMayBeEmptyFails() throws Exception {
        Path root = Repository.root();
        Path compose = dir.resolve("docker-compose.yml");
        java.nio.file.Files.copy(root.resolve("docker-compose.yml"), compose);
        Fixture.edit(compose, "x-trainer: &trainer\n  ports:\n    - \"8082\"\n",
                "x-trainer: &trainer\n  container_name: trainer\n  ports:\n    - \"8082:8082\"\n");
        Fixture.edit(compose, "    - /var/cache/djl\n", "    - trainer-djl-cache:/var/cache/djl\n");
        Fixture.edit(compose, "  evaluator-djl-cache:", "  evaluator-djl-cache:\n  trainer-djl-cache:");
        Fixture.edit(compose, "x-trainer-env: &trainer-env\n", "x-trainer-env: &trainer-env\n"
                + "  STREAMTUNE_TRAINER_MODELS: ${TRAINER_MODELS:-}\n");
        Findings f = new Findings();
        new ComposeChecks(Repository.project(), f)
                .check(compose, root.resolve(".env.example"), root.resolve(".gitignore"));

        assertThat(String.join("\n", f.problems()))
                .contains("service trainer-service: container_name trainer allows one container")
                .contains("service trainer-service: publishes the fixed host port 8082, which only one replica can "
                        + "take")
                .contains("service trainer-service: the named volume trainer-djl-cache would be shared by every "
                        + "replica")
                .contains("service trainer-service: STREAMTUNE_TRAINER_MODELS is \"${TRAINER_MODELS:-}\", which may "
                        + "be empty")
                .contains("service trainer-service-gpu: publishes the fixed host port 8082");
    }

    @Test
    void theRepositorysTrainerScales() {
        Path root = Repository.root();
        Findings f = new Findings();
        new ComposeChecks(Repository.project(), f).check(root.resolve("docker-compose.yml"),
                root.resolve(".env.example"), root.resolve(".gitignore"));

        assertThat(f.problems()).isEmpty();
    }
}
