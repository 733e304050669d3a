package io.streamtune.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.deploy.Findings;
import io.streamtune.deploy.Project;
import io.streamtune.deploy.Repository;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** NetworkPolicyChecks and CredentialChecks on small renders, against the repository's real services. */
class AccessChecksTest {

    private static String deployment(String name, String service, String env) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %1$s}
                spec:
                  selector: {matchLabels: {app.kubernetes.io/name: %2$s}}
                  template:
                    metadata: {labels: {app.kubernetes.io/name: %2$s}}
                    spec:
                      containers:
                        - name: %2$s
                          image: streamtune/%2$s:0.1.0-SNAPSHOT
                          env:
                %3$s
                ---
                """.formatted(name, service, env.indent(12).stripTrailing());
    }

    private static String secretEnv(String name, String secret, String key) {
        return "- {name: %s, valueFrom: {secretKeyRef: {name: %s, key: %s}}}".formatted(name, secret, key);
    }

    private static List<Manifest> read(String yaml, Findings f) {
        List<Manifest> objects = ManifestReader.read(yaml, "r.yaml", f);
        assertThat(f.problems()).isEmpty();
        return objects;
    }

    private static Project project() {
        return Repository.project();
    }

    @Test
    void withoutDefaultDenyOrAPolicyForAServicePortTheNetworkCheckFails() {
        Findings f = new Findings();
        List<Manifest> objects = read(deployment("registry-service", "registry-service", "- {name: A, value: b}")
                + """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: other-port}
                spec:
                  podSelector: {matchLabels: {app.kubernetes.io/name: registry-service}}
                  policyTypes: [Ingress]
                  ingress: [{ports: [{port: 9999}]}]
                """, f);
        new NetworkPolicyChecks(project(), f).check("o", objects);

        assertThat(String.join("\n", f.problems()))
                .contains("no default-deny NetworkPolicy")
                .contains("no NetworkPolicy lets anything reach registry-service's http port 8084");
    }

    @Test
    void defaultDenyAndANamedPortRulePass() {
        Findings f = new Findings();
        List<Manifest> objects = read(deployment("registry-service", "registry-service", "- {name: A, value: b}")
                .replace("image: streamtune/registry-service:0.1.0-SNAPSHOT",
                        "image: streamtune/registry-service:0.1.0-SNAPSHOT\n          ports: [{name: http, "
                                + "containerPort: 8084}]")
                + """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: http}
                spec:
                  podSelector:
                    matchExpressions: [{key: app.kubernetes.io/name, operator: In, values: [registry-service]}]
                  policyTypes: [Ingress]
                  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: http}]}]
                """, f);
        new NetworkPolicyChecks(project(), f).check("o", objects);

        assertThat(f.problems()).isEmpty();
    }

    @Test
    void sharedOrRootS3CredentialsFail() {
        Findings f = new Findings();
        String keys = secretEnv("STREAMTUNE_S3_ACCESS_KEY", "s3", "access-key") + "\n"
                + secretEnv("STREAMTUNE_S3_SECRET_KEY", "s3", "secret-key");
        List<Manifest> objects = read(deployment("registry-service", "registry-service", keys)
                + deployment("evaluator-service", "evaluator-service", keys)
                + deployment("minio", "minio", secretEnv("MINIO_ROOT_USER", "s3", "access-key"))
                        .replace("streamtune/minio:0.1.0-SNAPSHOT", "quay.io/minio/minio:RELEASE.1"), f);
        new CredentialChecks(project(), f).s3("o", objects);

        assertThat(String.join("\n", f.problems()))
                .contains("registry-service takes STREAMTUNE_S3_ACCESS_KEY from s3, MinIO's root credentials")
                .contains("Secret s3 is the S3 key of registry-service and evaluator-service");
    }

    @Test
    void oneS3SecretPerServicePasses() {
        Findings f = new Findings();
        List<Manifest> objects = read(
                deployment("registry-service", "registry-service", secretEnv("STREAMTUNE_S3_ACCESS_KEY", "s3-r",
                        "access-key"))
                + deployment("trainer-a", "trainer-service", secretEnv("STREAMTUNE_S3_ACCESS_KEY", "s3-t", "k"))
                + deployment("trainer-b", "trainer-service", secretEnv("STREAMTUNE_S3_ACCESS_KEY", "s3-t", "k")), f);
        new CredentialChecks(project(), f).s3("o", objects);

        assertThat(f.problems()).isEmpty();
    }

    private static final String KAFKA = """
            apiVersion: kafka.strimzi.io/v1
            kind: Kafka
            metadata: {name: k}
            spec:
              kafka:
                authorization: {type: simple}
                listeners:
                  - name: scram
                    port: 9092
                    type: internal
                    tls: false
                    authentication: {type: scram-sha-512}
                    networkPolicyPeers: [{podSelector: {}}]
            ---
            apiVersion: kafka.strimzi.io/v1
            kind: KafkaUser
            metadata: {name: evaluator-service}
            spec:
              authentication: {type: scram-sha-512}
              authorization:
                type: simple
                acls:
                  - resource: {type: topic, name: streamtune.evaluations, patternType: literal}
                    operations: [Write]
            ---
            """;

    /** A user that may write every streamtune.* topic. */
    private static final String INGEST_WRITES_ALL = """
            apiVersion: kafka.strimzi.io/v1
            kind: KafkaUser
            metadata: {name: ingest-service}
            spec:
              authentication: {type: scram-sha-512}
              authorization:
                type: simple
                acls:
                  - resource: {type: topic, name: streamtune., patternType: prefix}
                    operations: [Write]
            """;

    @Test
    void aServiceWithoutItsOwnKafkaUserSecretOrAForeignWriterFails() {
        Findings f = new Findings();
        List<Manifest> objects = read(KAFKA
                + deployment("evaluator-service", "evaluator-service", "- {name: KAFKA_SECURITY_PROTOCOL, value: "
                        + "SASL_PLAINTEXT}\n" + secretEnv("KAFKA_SASL_JAAS_CONFIG", "registry-service",
                        "sasl.jaas.config"))
                + deployment("registry-service", "registry-service", "- {name: A, value: b}")
                + INGEST_WRITES_ALL, f);
        new CredentialChecks(project(), f).kafka("strimzi", objects);

        assertThat(String.join("\n", f.problems()))
                .contains("evaluator-service must take KAFKA_SASL_JAAS_CONFIG from key sasl.jaas.config of its own "
                        + "KafkaUser's Secret evaluator-service, takes registry-service/sasl.jaas.config")
                .contains("no KafkaUser named registry-service")
                .contains("(KafkaUser ingest-service): may write streamtune.evaluations, which only "
                        + "evaluator-service produces");
    }

    @Test
    void itsOwnKafkaUserWithADenyForForeignTopicsPasses() {
        Findings f = new Findings();
        List<Manifest> objects = read(KAFKA
                + deployment("evaluator-service", "evaluator-service", "- {name: KAFKA_SECURITY_PROTOCOL, value: "
                        + "SASL_PLAINTEXT}\n" + secretEnv("KAFKA_SASL_JAAS_CONFIG", "evaluator-service",
                        "sasl.jaas.config"))
                + INGEST_WRITES_ALL + CredentialChecks.WRITERS.keySet().stream()
                        .map(topic -> "      - resource: {type: topic, name: " + topic + ", patternType: literal}\n"
                                + "        operations: [Write]\n        type: deny\n")
                        .collect(Collectors.joining()), f);
        new CredentialChecks(project(), f).kafka("strimzi", objects);

        assertThat(f.problems()).isEmpty();
    }

    /** The trainer pool's Deployment (optionally with a models filter) and its KafkaUser with the given ACLs. */
    private static String trainerPool(String filter, String acls) {
        String env = "- {name: KAFKA_SECURITY_PROTOCOL, value: SASL_PLAINTEXT}\n"
                + secretEnv("KAFKA_SASL_JAAS_CONFIG", "trainer-service", "sasl.jaas.config")
                + (filter == null ? "" : "\n- {name: STREAMTUNE_TRAINER_MODELS, value: \"" + filter + "\"}");
        return deployment("trainer-service", "trainer-service", env) + """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: trainer-service}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: streamtune.checkpoints, patternType: literal}
                        operations: [Describe, Write]
                """ + acls.indent(6) + """
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: evaluator-service}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: streamtune.evaluations, patternType: literal}
                        operations: [Write]
                      - resource: {type: topic, name: streamtune.spam.heldout, patternType: literal}
                        operations: [Describe, Read]
                """;
    }

    private static List<String> kafkaProblems(String yaml) {
        Findings f = new Findings();
        List<Manifest> objects = read(KAFKA.substring(0, KAFKA.indexOf("---\n")) + "---\n" + yaml, f);
        new CredentialChecks(project(), f).kafka("strimzi", objects);
        return f.problems();
    }

    private static final String POOL_ACLS = """
            - resource: {type: topic, name: streamtune.spam.train, patternType: literal}
              operations: [Describe, Read]
            - resource: {type: group, name: streamtune-trainer, patternType: prefix}
              operations: [Describe, Read]
            """;

    @Test
    void theTrainerPoolsUserAsDeployedPasses() {
        assertThat(kafkaProblems(trainerPool(null, POOL_ACLS))).isEmpty();
        assertThat(kafkaProblems(trainerPool("spam", POOL_ACLS))).isEmpty();
    }

    @Test
    void aGroupAclThatDoesNotCoverThePoolsGroupFails() {
        // the former per-model groups' ACL: prefix streamtune-trainer- does not match the pool's streamtune-trainer
        String perModelGroups = POOL_ACLS.replace("name: streamtune-trainer,", "name: streamtune-trainer-,");

        assertThat(String.join("\n", kafkaProblems(trainerPool(null, perModelGroups))))
                .contains("(KafkaUser trainer-service): may not join the trainer pool's consumer group "
                        + "streamtune-trainer");
    }

    @Test
    void aFilteredModelWhoseTopicsAreNotReadableFails() {
        assertThat(String.join("\n", kafkaProblems(trainerPool("spam,tickets", POOL_ACLS))))
                .contains("(KafkaUser trainer-service): may not read streamtune.tickets.train")
                .contains("(KafkaUser evaluator-service): may not read streamtune.tickets.heldout")
                .doesNotContain("streamtune.spam.train");
    }

    @Test
    void withoutAFilterThePoolNeedsATrainTopicByName() {
        String groupOnly = POOL_ACLS.substring(POOL_ACLS.indexOf("- resource: {type: group"));

        assertThat(String.join("\n", kafkaProblems(trainerPool(null, groupOnly))))
                .contains("may read no streamtune.<model>.train topic by name, so the trainer pool");
    }

    @Test
    void aTrainerThatMayReadHeldOutExamplesFails() {
        String everything = POOL_ACLS + """
                - resource: {type: topic, name: streamtune., patternType: prefix}
                  operations: [Describe, Read]
                """;

        assertThat(String.join("\n", kafkaProblems(trainerPool(null, everything))))
                .contains("(KafkaUser trainer-service): may read streamtune.spam.heldout: the trainer never reads "
                        + "held-out examples");
    }
}
