package io.streamtune.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.deploy.Findings;
import io.streamtune.deploy.Repository;
import io.streamtune.deploy.YamlFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The trainer pool's shape (issue 18): the repository's own base (trainer Deployment, ConfigMaps, disruption budgets)
 * passes, and each way of breaking the pool fails. The premise of the former checks (one single-replica
 * {@code Recreate} Deployment per model, with a {@code streamtune.io/model} label) is gone: a per-model label now
 * fails.
 */
class TrainerPoolChecksTest {

    private static final String TRAINER = read("k8s/base/trainer-service.yaml");
    private static final String BUDGETS = read("k8s/base/disruption-budgets.yaml");

    /** A GPU pool beside the base's pool, as k8s/README.md describes it: a filter, a pool label, its own budget. */
    private static final String GPU_POOL = gpuPool();

    private static String gpuPool() {
        String pool = TRAINER
                .replace("name: trainer-service\n  labels:", "name: trainer-service-gpu\n  labels:")
                .replace("streamtune.io/pool: main", "streamtune.io/pool: gpu")
                .replace("          env:\n", "          env:\n            - name: STREAMTUNE_TRAINER_MODELS\n"
                        + "              value: spam,tickets\n");
        return pool.substring(0, pool.indexOf("---\n# every replica of the pool")) + """
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: trainer-service-gpu}
                spec:
                  maxUnavailable: 1
                  selector: {matchLabels: {app.kubernetes.io/name: trainer-service, streamtune.io/pool: gpu}}
                """;
    }

    private static String read(String file) {
        return YamlFiles.read(Repository.root().resolve(file));
    }

    /** The trainer-related problems of the base's config, the given trainer file(s) and budgets. */
    private static List<String> problems(String trainer, String budgets) {
        Findings f = new Findings();
        List<Manifest> objects = new java.util.ArrayList<>();
        objects.addAll(ManifestReader.read(read("k8s/base/config.yaml"), "config.yaml", f));
        objects.addAll(ManifestReader.read(trainer, "trainer-service.yaml", f));
        objects.addAll(ManifestReader.read(budgets, "disruption-budgets.yaml", f));
        assertThat(f.problems()).as("the test's manifests parse").isEmpty();
        new WorkloadChecks(Repository.project(), f, SecretDocs.read(Repository.root().resolve("k8s/README.md")))
                .check(objects, true);
        // the base's other services are not in these renders
        return f.problems().stream().filter(p -> !p.startsWith("render: no workload runs")).toList();
    }

    private static String edit(String text, String from, String to) {
        assertThat(text).contains(from);
        return text.replace(from, to);
    }

    @Test
    void theBasePoolPasses() {
        assertThat(problems(TRAINER, BUDGETS)).isEmpty();
    }

    @Test
    void aGpuPoolBesideItWithAFilterALabelAndABudgetOfItsOwnPasses() {
        assertThat(problems(TRAINER + "---\n" + GPU_POOL, BUDGETS)).isEmpty();
    }

    @Test
    void aPerModelLabelFails() {
        String perModel = edit(TRAINER, "        app.kubernetes.io/component: trainer\n        streamtune.io/pool: main",
                "        app.kubernetes.io/component: trainer\n        streamtune.io/pool: main\n"
                        + "        streamtune.io/model: spam");

        assertThat(String.join("\n", problems(perModel, BUDGETS)))
                .contains("label streamtune.io/model: the trainer is one pool for every model");
    }

    @Test
    void twoDeploymentsOfTheSamePoolFail() {
        String twin = GPU_POOL.replace("            - name: STREAMTUNE_TRAINER_MODELS\n"
                + "              value: spam,tickets\n", "");

        assertThat(String.join("\n", problems(TRAINER + "---\n" + twin, BUDGETS)))
                .contains("trainer Deployments trainer-service and trainer-service-gpu take the same models "
                        + "(every model): that is one pool in two Deployments");
    }

    @Test
    void poolsInTwoConsumerGroupsFail() {
        String otherGroup = edit(GPU_POOL, "              value: spam,tickets\n", "              value: spam,tickets\n"
                + "            - name: STREAMTUNE_TRAINER_GROUP_ID\n              value: gpu-trainers\n");

        assertThat(String.join("\n", problems(TRAINER + "---\n" + otherGroup, BUDGETS)))
                .contains("are in consumer groups streamtune-trainer and gpu-trainers: every trainer pool joins one "
                        + "group");
    }

    @Test
    void poolsThatSelectEachOthersPodsFail() {
        String samePoolLabel = GPU_POOL.replace("streamtune.io/pool: gpu", "streamtune.io/pool: main");

        assertThat(String.join("\n", problems(TRAINER + "---\n" + samePoolLabel, BUDGETS)))
                .contains("trainer Deployments trainer-service and trainer-service-gpu select each other's pods");
    }

    @Test
    void anEmptyOrMalformedModelsFilterFails() {
        String empty = edit(TRAINER, "          env:\n", "          env:\n            - name: STREAMTUNE_TRAINER_MODELS\n"
                + "              value: \"\"\n");
        String malformed = edit(TRAINER, "          env:\n", "          env:\n"
                + "            - name: STREAMTUNE_TRAINER_MODELS\n              value: \"spam,,Big Model\"\n");

        assertThat(String.join("\n", problems(empty, BUDGETS)))
                .contains("STREAMTUNE_TRAINER_MODELS=\"\" has an empty name")
                .contains("an empty value does not mean unset");
        assertThat(String.join("\n", problems(malformed, BUDGETS)))
                .contains("STREAMTUNE_TRAINER_MODELS=\"spam,,Big Model\" has an empty name")
                .contains("names Big Model, which is not a model name");
    }

    @Test
    void aGracePeriodShorterThanTheFinalCheckpointsFails() {
        String short60 = edit(TRAINER, "terminationGracePeriodSeconds: 180", "terminationGracePeriodSeconds: 60");

        assertThat(String.join("\n", problems(short60, BUDGETS)))
                .contains("terminationGracePeriodSeconds (60) must be longer than the trainer's final checkpoints");
    }

    @Test
    void aTrainerOutsideADeploymentFails() {
        String statefulSet = edit(TRAINER, "kind: Deployment", "kind: StatefulSet")
                .replace("  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 1\n"
                        + "      maxUnavailable: 0\n", "  serviceName: trainer-service\n");

        assertThat(String.join("\n", problems(statefulSet, BUDGETS)))
                .contains("the trainer runs as a Deployment: its replicas are one pool");
    }

    @Test
    void aPoolWithoutABudgetWithTwoOrWithOneThatBlocksDrainsFails() {
        String withoutTrainerBudget = BUDGETS.substring(0, BUDGETS.indexOf("---\n# The trainer pool"));
        String blocking = edit(BUDGETS, "  name: trainer-service\nspec:\n  maxUnavailable: 1",
                "  name: trainer-service\nspec:\n  minAvailable: 2");
        String second = BUDGETS + """
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: every-trainer}
                spec:
                  maxUnavailable: 1
                  selector: {matchLabels: {app.kubernetes.io/name: trainer-service}}
                """;

        assertThat(String.join("\n", problems(TRAINER, withoutTrainerBudget)))
                .contains("no PodDisruptionBudget selects this trainer pool's pods");
        assertThat(String.join("\n", problems(TRAINER, blocking)))
                .contains("(PodDisruptionBudget trainer-service): lets no replica of trainer Deployment "
                        + "trainer-service (2) be evicted");
        assertThat(String.join("\n", problems(TRAINER, second)))
                .contains("PodDisruptionBudgets [trainer-service, every-trainer] all select this trainer pool's pods");
    }
}
