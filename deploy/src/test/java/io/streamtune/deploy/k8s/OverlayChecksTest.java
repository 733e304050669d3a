package io.streamtune.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.deploy.Findings;
import io.streamtune.deploy.Fixture;
import io.streamtune.deploy.Project;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayChecksTest {

    @TempDir
    Path dir;

    @Test
    void aGpuTrainerWithoutGpuLimitTolerationOrSelectorFails() {
        Findings f = new Findings();
        List<Manifest> objects = ManifestReader.read("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: trainer}
                spec:
                  selector: {matchLabels: {app: t}}
                  template:
                    metadata: {labels: {app: t}}
                    spec:
                      containers:
                        - name: trainer-service
                          image: streamtune/trainer-service-gpu:1.0.0
                          resources: {limits: {memory: 8Gi}}
                """, "gpu.yaml", f);
        new OverlayChecks(project(), f).gpu("gpu", objects);

        assertThat(String.join("\n", f.problems()))
                .contains("nvidia.com/gpu: 1")
                .contains("tolerate the nvidia.com/gpu taint")
                .contains("nodeSelector");
    }

    @Test
    void strimziNeedsEveryTopicTheModelsTopicCompactedAndReachableBootstrap() {
        Findings f = new Findings();
        List<Manifest> objects = ManifestReader.read("""
                apiVersion: kafka.strimzi.io/v1
                kind: Kafka
                metadata: {name: k}
                spec:
                  kafka:
                    listeners: [{name: plain, port: 9092, type: internal, tls: false}]
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaNodePool
                metadata: {name: pool, labels: {strimzi.io/cluster: k}}
                spec: {replicas: 1, roles: [controller, broker]}
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: models, labels: {strimzi.io/cluster: k}}
                spec: {topicName: streamtune.models, partitions: 1, replicas: 1}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: streamtune-kafka}
                data: {KAFKA_BOOTSTRAP_SERVERS: "other-kafka-bootstrap:9092"}
                """, "strimzi.yaml", f);
        new OverlayChecks(project(), f).strimzi("strimzi", objects);

        assertThat(String.join("\n", f.problems()))
                .contains("streamtune.models is compacted")
                .contains("no KafkaTopic for streamtune.checkpoints")
                .contains("no KafkaTopic for streamtune.dlq")
                .contains("KAFKA_BOOTSTRAP_SERVERS names other-kafka-bootstrap:9092");
    }

    private static final String DEMO = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: demo}
            spec:
              selector: {matchLabels: {app: d}}
              template:
                metadata: {labels: {app: d}}
                spec:
                  containers: [{name: demo-service, image: "streamtune/demo-service:1.0.0"}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: demo, labels: {app: d}}
            spec:
              selector: {app: d}
              ports: [{name: http, port: 8080}]
            ---
            """;

    @Test
    void aServiceWithoutAServiceMonitorOnItsMetricsPathFails() {
        assertThat(monitoring("/metrics").problems()).singleElement().asString()
                .contains("no ServiceMonitor scrapes /q/metrics");
    }

    @Test
    void aServiceMonitorOnTheServiceAndMetricsPathPasses() {
        assertThat(monitoring("/q/metrics").problems()).isEmpty();
    }

    private Findings monitoring(String path) {
        Findings f = new Findings();
        List<Manifest> objects = ManifestReader.read(DEMO + """
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: demo}
                spec:
                  selector: {matchLabels: {app: d}}
                  endpoints: [{port: http, path: %s}]
                """.formatted(path), "m.yaml", f);
        new OverlayChecks(project(), f).monitoring("m", objects);
        return f;
    }

    @Test
    void aServiceContainerWithAWritableRootOrRootUserFails() {
        Findings f = new Findings();
        List<Manifest> objects = ManifestReader.read(DEMO, "w.yaml", f);
        new WorkloadChecks(project(), f, java.util.Map.of()).check(objects, false);

        assertThat(String.join("\n", f.problems()))
                .contains("set securityContext.runAsNonRoot: true")
                .contains("set securityContext.readOnlyRootFilesystem: true")
                .contains("set securityContext.allowPrivilegeEscalation: false")
                .contains("set securityContext.capabilities.drop: [ALL]");
    }

    private Project project() {
        return Project.load(Fixture.copyTo(dir));
    }
}
