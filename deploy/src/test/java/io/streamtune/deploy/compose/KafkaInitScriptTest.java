package io.streamtune.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.deploy.Repository;
import io.streamtune.localstack.test.KafkaUsers;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Compose's Kafka users and ACLs ({@code compose/kafka-init.sh}) are Kubernetes' ({@code k8s/overlays/strimzi/users.yaml}
 * and {@code topics.yaml}) in kafka-*.sh commands: this test renders the script from those files and fails when the
 * committed one differs, so the two deployments cannot drift. After changing the Strimzi files, run this test and copy
 * {@code deploy/target/kafka-init.sh} to {@code compose/}.
 */
class KafkaInitScriptTest {

    static final String SCRIPT = "compose/kafka-init.sh";

    @Test
    void theComposeScriptIsTheStrimziUsersAndTopics() throws IOException {
        Path strimzi = Repository.root().resolve("k8s/overlays/strimzi");
        String expected = render(KafkaUsers.read(strimzi.resolve("users.yaml")), topics(strimzi.resolve("topics.yaml")));
        Files.writeString(Path.of("target", "kafka-init.sh"), expected, StandardCharsets.UTF_8);
        assertThat(Files.readString(Repository.root().resolve(SCRIPT)))
                .as(SCRIPT + " is generated from the Strimzi overlay: copy deploy/target/kafka-init.sh over it")
                .isEqualTo(expected);
    }

    @Test
    void everyServiceAndEveryTopicIsInIt() throws IOException {
        String script = Files.readString(Repository.root().resolve(SCRIPT));
        for (String user : List.of("ingest-service", "trainer-service", "evaluator-service", "registry-service")) {
            assertThat(script).contains("user " + user + " " + passwordVariable(user))
                    .contains("--allow-principal User:" + user + " ");
        }
        assertThat(script).contains("--deny-principal User:ingest-service --topic streamtune.evaluations "
                + "--resource-pattern-type literal --operation Create --operation Write");
        assertThat(script).contains("topic streamtune.models 1 cleanup.policy=compact");
    }

    /** {@code INGEST_SERVICE_KAFKA_PASSWORD} for {@code ingest-service}: the .env variable of a user's password. */
    static String passwordVariable(String user) {
        return user.toUpperCase(Locale.ROOT).replace('-', '_') + "_KAFKA_PASSWORD";
    }

    static String render(KafkaUsers users, List<Topic> topics) {
        StringBuilder s = new StringBuilder();
        s.append("""
                #!/bin/bash
                # GENERATED from k8s/overlays/strimzi/users.yaml and topics.yaml by deploy's KafkaInitScriptTest: do not edit.
                # After changing those files, run ./mvnw -B -pl deploy -am verify and copy deploy/target/kafka-init.sh here.
                #
                # docker-compose.yml's kafka-init service runs it in the broker's network namespace, as the super user of the
                # PLAINTEXT listener on localhost:29093 (nothing outside the broker's container reaches it): the fixed topics
                # (one replica), one SCRAM-SHA-512 user per service with the password in <USER>_KAFKA_PASSWORD (.env), and the
                # ACLs of each user. Safe to run again.
                set -euo pipefail
                b=${KAFKA_INIT_BOOTSTRAP:-localhost:29093}
                k=${KAFKA_INIT_BIN:-/opt/kafka/bin}
                until "$k/kafka-broker-api-versions.sh" --bootstrap-server "$b" > /dev/null 2>&1; do sleep 2; done

                # name partitions [config...]
                topic() {
                  local name=$1 partitions=$2 configs=()
                  shift 2
                  for c in "$@"; do configs+=(--config "$c"); done
                  "$k/kafka-topics.sh" --bootstrap-server "$b" --create --if-not-exists --topic "$name" \\
                    --partitions "$partitions" --replication-factor 1 "${configs[@]}"
                }

                # name password-variable: SCRAM's config syntax leaves no room for ',', '=' or ']' in a password
                user() {
                  local password=${!2:?$2 is not set (see .env.example)}
                  [[ $password =~ ^[A-Za-z0-9._~-]{12,}$ ]] || { echo "$2: 12 or more of A-Z a-z 0-9 . _ ~ -" >&2; exit 1; }
                  "$k/kafka-configs.sh" --bootstrap-server "$b" --alter --entity-type users --entity-name "$1" \\
                    --add-config "SCRAM-SHA-512=[iterations=4096,password=$password]"
                }

                acl() {
                  "$k/kafka-acls.sh" --bootstrap-server "$b" --add "$@"
                }

                """);
        for (Topic t : topics) {
            s.append("topic ").append(t.name()).append(' ').append(t.partitions());
            t.config().forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
            s.append('\n');
        }
        s.append('\n');
        for (String user : users.names()) {
            s.append("user ").append(user).append(' ').append(passwordVariable(user)).append('\n');
        }
        s.append('\n');
        // one command per principal, permission and resource, its operations together (as users.yaml lists them)
        Map<String, List<String>> commands = new LinkedHashMap<>();
        for (AclBinding b : users.acls()) {
            String who = (b.entry().permissionType() == AclPermissionType.DENY ? "--deny-principal " : "--allow-principal ")
                    + b.entry().principal();
            commands.computeIfAbsent(who + " " + resource(b.pattern()), k -> new ArrayList<>())
                    .add("--operation " + pascal(b.entry().operation().name()));
        }
        commands.forEach((key, ops) -> s.append("acl ").append(key).append(' ').append(String.join(" ", ops))
                .append('\n'));
        return s.toString();
    }

    private static String resource(ResourcePattern p) {
        String pattern = " --resource-pattern-type " + (p.patternType() == PatternType.PREFIXED ? "prefixed" : "literal");
        return switch (p.resourceType()) {
            case TOPIC -> "--topic " + p.name() + pattern;
            case GROUP -> "--group " + p.name() + pattern;
            case TRANSACTIONAL_ID -> "--transactional-id " + p.name() + pattern;
            case CLUSTER -> "--cluster";
            default -> throw new IllegalArgumentException("no kafka-acls.sh option for " + p.resourceType());
        };
    }

    /** DESCRIBE_CONFIGS → DescribeConfigs, as kafka-acls.sh names operations. */
    private static String pascal(String constant) {
        StringBuilder out = new StringBuilder();
        for (String part : constant.split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    record Topic(String name, int partitions, Map<String, String> config) {
    }

    @SuppressWarnings("unchecked")
    static List<Topic> topics(Path yaml) throws IOException {
        List<Topic> out = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(yaml)) {
            for (Object doc : new Yaml().loadAll(in)) {
                if (doc instanceof Map<?, ?> m && "KafkaTopic".equals(m.get("kind"))) {
                    Map<String, Object> spec = (Map<String, Object>) m.get("spec");
                    Map<String, String> config = new LinkedHashMap<>();
                    ((Map<String, Object>) spec.getOrDefault("config", Map.of()))
                            .forEach((k, v) -> config.put(k, String.valueOf(v)));
                    out.add(new Topic((String) spec.get("topicName"), (Integer) spec.get("partitions"), config));
                }
            }
        }
        return out;
    }
}
