package io.streamtune.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.deploy.Findings;
import io.streamtune.deploy.Repository;
import io.streamtune.deploy.YamlFiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The evaluator's and the registry's consumers are static group members named by their instance id (issue 20): the
 * base sets it from the pod's name, and a workload that does not (left out, or one literal for every replica) fails.
 */
class StaticMembersChecksTest {

    private static final String EVALUATOR = read("k8s/base/evaluator-service.yaml");
    private static final String REGISTRY = read("k8s/base/registry-service.yaml");
    private static final String FROM_POD_NAME = """
                        - name: STREAMTUNE_EVALUATOR_INSTANCE_ID
                          valueFrom:
                            fieldRef:
                              fieldPath: metadata.name
            """;

    private static String read(String file) {
        return YamlFiles.read(Repository.root().resolve(file));
    }

    /** The static-membership problems of one service's base file (with the base's config). */
    private static List<String> problems(String file) {
        Findings f = new Findings();
        List<Manifest> objects = new ArrayList<>();
        objects.addAll(ManifestReader.read(read("k8s/base/config.yaml"), "config.yaml", f));
        objects.addAll(ManifestReader.read(file, "service.yaml", f));
        new WorkloadChecks(Repository.project(), f, SecretDocs.read(Repository.root().resolve("k8s/README.md")))
                .check(objects, false);
        return f.problems().stream().filter(p -> p.contains("static group members")).toList();
    }

    @Test
    void theBaseNamesEachReplicaAfterItsPod() {
        assertThat(EVALUATOR).contains(FROM_POD_NAME);
        assertThat(problems(EVALUATOR)).isEmpty();
        assertThat(problems(REGISTRY)).isEmpty();
    }

    @Test
    void anInstanceIdLeftOutFails() {
        assertThat(problems(EVALUATOR.replace(FROM_POD_NAME, ""))).singleElement().asString()
                .contains("STREAMTUNE_EVALUATOR_INSTANCE_ID").contains("metadata.name");
    }

    @Test
    void oneLiteralForEveryReplicaFails() {
        assertThat(problems(EVALUATOR.replace(FROM_POD_NAME, """
                        - name: STREAMTUNE_EVALUATOR_INSTANCE_ID
                          value: evaluator-0
            """))).singleElement().asString().contains("replicas differ");
    }
}
