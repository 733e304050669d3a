package io.streamtune.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamtune.deploy.config.ServiceConfig;
import io.streamtune.deploy.k8s.Kustomize;
import io.streamtune.deploy.k8s.WorkloadChecks;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The repository's own deployment files against the services as they are now. */
class DeployFilesTest {

    private static DeployCheck check;
    private static Optional<Kustomize> kustomize;

    @BeforeAll
    static void load() {
        check = new DeployCheck(Repository.project());
        kustomize = DeployCheck.kustomize();
        System.out.println("kustomize: " + kustomize.map(Kustomize::describe)
                .orElse("none (v4+) on PATH: overlays checked by reference only"));
    }

    @Test
    void everyServiceIsKnown() {
        assertThat(check.project().services()).containsOnlyKeys("ingest-service", "trainer-service",
                "evaluator-service", "registry-service");
    }

    @Test
    void theTrainersStopBudgetComesFromItsConfiguration() {
        ServiceConfig trainer = check.project().services().get("trainer-service");

        assertThat(trainer.knowsEnv("STREAMTUNE_TRAINER_MODELS")).isTrue();
        assertThat(WorkloadChecks.trainerStopBudget(trainer))
                .isGreaterThanOrEqualTo(ServiceConfig.duration(trainer.value("streamtune.trainer.shutdown-timeout")
                        .orElse("0s")));
    }

    /** The trainer pool's keys that the manifests and the checks rely on exist in the service (issue 18). */
    @Test
    void theTrainerPoolsKeysAreTheServices() {
        ServiceConfig trainer = check.project().services().get("trainer-service");

        assertThat(List.of("STREAMTUNE_TRAINER_GROUP_ID", "STREAMTUNE_TRAINER_INSTANCE_ID",
                "STREAMTUNE_TRAINER_SESSION_TIMEOUT", "STREAMTUNE_TRAINER_TOPIC_DISCOVERY"))
                .allSatisfy(env -> assertThat(trainer.knowsEnv(env)).as(env).isTrue());
        assertThat(trainer.value("streamtune.trainer.group-id")).as("the pool's consumer group, which the "
                + "trainer's KafkaUser must cover").isPresent();
    }

    @Test
    void everyManifestParsesStrictly() {
        assertThat(check.manifests().problems()).isEmpty();
    }

    @Test
    void kustomizationsReferToWhatExistsAndTheBaseMatchesTheServices() {
        assertThat(check.references().problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "local", "strimzi", "local-gpu", "strimzi-gpu"})
    void renderedOverlayMatchesTheServices(String overlay) {
        assumeTrue(kustomize.isPresent(), "no kustomize v4+ (or kubectl with it) on PATH");
        assertThat(check.render(kustomize.get(), overlay).problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "strimzi", "local-gpu", "strimzi-gpu"})
    void everyOverlayComposesWithTheMonitoringComponent(String overlay) {
        assumeTrue(kustomize.isPresent(), "no kustomize v4+ (or kubectl with it) on PATH");
        Findings f = check.render(kustomize.get(), overlay, DeployCheck.COMPONENTS);
        f.notes().forEach(n -> System.out.println("note: " + n));
        assertThat(f.problems()).isEmpty();
    }

    @Test
    void composeMatchesTheServices() {
        assertThat(check.compose().problems()).isEmpty();
    }

    @Test
    void dockerfilesMatchTheServices() {
        assertThat(check.dockerfiles().problems()).isEmpty();
    }
}
