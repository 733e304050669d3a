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
                apiVersion: kafka.strimzi.io/v1
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

    @Test
    void strimziResourcesOnlyOnTheV1Api() {
        Findings f = new Findings();
        List<Manifest> objects = ManifestReader.read("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaUser
                metadata: {name: old}
                spec: {authentication: {type: scram-sha-512}}
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: new}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: a, patternType: literal}
                        operations: [Read]
                """, "u.yaml", f);

        assertThat(f.problems()).singleElement().asString()
                .contains("KafkaUser old uses kafka.strimzi.io/v1beta2", "serve only kafka.strimzi.io/v1");
        assertThat(objects).extracting(Manifest::name).containsExactly("new");
    }

    @Test
    void aJobsPodTemplateIsParsedStrictly() {
        Findings f = new Findings();
        ManifestReader.read("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: j}
                spec:
                  template:
                    spec:
                      containers: [{name: c, image: x, imagePullPolicy: Always, comand: [sh]}]
                """, "j.yaml", f);

        assertThat(f.problems()).singleElement().asString().contains("Job j's pod template", "comand");
    }
}
