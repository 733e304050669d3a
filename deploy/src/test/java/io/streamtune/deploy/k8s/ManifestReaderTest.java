package io.streamtune.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.streamtune.deploy.Findings;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: d
            spec:
              selector:
                matchLabels: {app: d}
              template:
                metadata:
                  labels: {app: d}
                spec:
                  containers:
                    - name: c
                      image: streamtune/demo-service:1.0.0
                      %s
            """;

    @Test
    void readsKnownKindsIntoTheModel() {
        Findings f = new Findings();
        List<Manifest> m = ManifestReader.read(DEPLOYMENT.formatted("imagePullPolicy: IfNotPresent"), "d.yaml", f);

        assertThat(f.problems()).isEmpty();
        assertThat(m).singleElement().satisfies(x -> assertThat(x.as(Deployment.class).getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("IfNotPresent"));
    }

    @Test
    void anUnknownFieldFailsWithItsPlace() {
        Findings f = new Findings();
        ManifestReader.read(DEPLOYMENT.formatted("imagePullPolice: IfNotPresent"), "d.yaml", f);

        assertThat(f.problems()).singleElement().asString()
                .contains("d.yaml", "Deployment d", "imagePullPolice", "Container");
    }

    @Test
    void aNumberWhereTheApiWantsAStringFails() {
        Findings f = new Findings();
        ManifestReader.read(DEPLOYMENT.formatted("env: [{name: N, value: 1}]"), "d.yaml", f);

        assertThat(f.problems()).singleElement().asString().contains("d.yaml", "Deployment d");
    }

    @Test
    void unknownKindsAndMisspeltStrimziFieldsFail() {
        Findings f = new Findings();
        ManifestReader.read("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                ---
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: t}
                spec:
                  partitions: 1
                  replica: 3
                """, "x.yaml", f);

        assertThat(f.problems()).hasSize(2);
        assertThat(f.problems().get(0)).contains("x.yaml #1", "kind Pod is not a kind this project deploys");
        assertThat(f.problems().get(1)).contains("x.yaml #2", "unknown field spec.replica");
    }
}
