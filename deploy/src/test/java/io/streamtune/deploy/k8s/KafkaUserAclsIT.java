package io.streamtune.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.contracts.Topics;
import io.streamtune.deploy.Repository;
import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.SecuredKafkaEndpoint;
import io.streamtune.localstack.test.ServerHandle;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Strimzi overlay's KafkaUsers ({@code k8s/overlays/strimzi/users.yaml}) applied to a real broker of the local
 * stack with SASL/SCRAM-SHA-512 and Kafka's StandardAuthorizer: each service's principal may write exactly the topics
 * it produces, so a client holding ingest's credentials cannot forge an evaluation or a promotion, and a wrong
 * password gets in nowhere.
 */
class KafkaUserAclsIT {

    private static ServerHandle<SecuredKafkaEndpoint> kafka;
    private static final Map<String, String> PASSWORDS = new HashMap<>();

    @BeforeAll
    static void applyTheDeployedUsers() throws Exception {
        kafka = RealServers.startSecuredKafka();
        List<Map<String, Object>> users = kafkaUsers();
        assertThat(users).extracting(u -> name(u)).contains("ingest-service", "trainer-service",
                "evaluator-service", "registry-service");
        try (Admin operator = Admin.create(kafka.endpoint().operatorProperties())) {
            List<UserScramCredentialUpsertion> credentials = new ArrayList<>();
            List<AclBinding> acls = new ArrayList<>();
            for (Map<String, Object> user : users) {
                String name = name(user);
                PASSWORDS.put(name, "pw-" + name);
                credentials.add(new UserScramCredentialUpsertion(name,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "pw-" + name));
                acls.addAll(aclsOf(user));
            }
            operator.alterUserScramCredentials(new ArrayList<>(credentials)).all().get(30, TimeUnit.SECONDS);
            operator.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            operator.createTopics(List.of(Topics.MODELS, Topics.CHECKPOINTS, Topics.EVALUATIONS, Topics.PROMOTIONS,
                    Topics.DLQ, Topics.train("spam"), Topics.heldout("spam")).stream()
                    .map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void ingestWritesExamplesButCannotForgeAnEvaluationAPromotionOrASpec() throws Exception {
        assertThat(write("ingest-service", Topics.train("spam"))).isTrue();
        assertThat(write("ingest-service", Topics.heldout("spam"))).isTrue();
        assertThat(write("ingest-service", Topics.DLQ)).isTrue();
        assertThat(write("ingest-service", Topics.EVALUATIONS)).isFalse();
        assertThat(write("ingest-service", Topics.PROMOTIONS)).isFalse();
        assertThat(write("ingest-service", Topics.MODELS)).isFalse();
        assertThat(write("ingest-service", Topics.CHECKPOINTS)).isFalse();
    }

    @Test
    void eachTopicThatSteersPromotionHasOneWriter() throws Exception {
        assertThat(write("evaluator-service", Topics.EVALUATIONS)).isTrue();
        assertThat(write("evaluator-service", Topics.PROMOTIONS)).isFalse();
        assertThat(write("trainer-service", Topics.CHECKPOINTS)).isTrue();
        assertThat(write("trainer-service", Topics.EVALUATIONS)).isFalse();
        assertThat(write("registry-service", Topics.PROMOTIONS)).isTrue();
        assertThat(write("registry-service", Topics.MODELS)).isTrue();
        assertThat(write("registry-service", Topics.EVALUATIONS)).isFalse();
        for (String service : PASSWORDS.keySet()) {
            assertThat(write(service, Topics.DLQ)).as(service + " writes the DLQ").isTrue();
        }
    }

    @Test
    void aWrongPasswordGetsInNowhere() {
        Map<String, Object> p = producerProperties("ingest-service", "not-the-password");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            assertThatThrownBy(() -> producer.send(record(Topics.train("spam"))).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    /** True when the broker took the record, false when it refused the principal the topic. */
    private static boolean write(String user, String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(user,
                PASSWORDS.get(user)))) {
            producer.send(record(topic)).get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                return false;
            }
            throw e;
        } catch (TopicAuthorizationException e) {
            return false;
        }
    }

    private static Map<String, Object> producerProperties(String user, String password) {
        Map<String, Object> p = new HashMap<>(kafka.endpoint().clientProperties(user, password));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic) {
        return new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> kafkaUsers() throws IOException {
        List<Map<String, Object>> users = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(Repository.root().resolve("k8s/overlays/strimzi/users.yaml"))) {
            for (Object doc : new Yaml().loadAll(in)) {
                if (doc instanceof Map<?, ?> m && "KafkaUser".equals(m.get("kind"))) {
                    users.add((Map<String, Object>) m);
                }
            }
        }
        return users;
    }

    @SuppressWarnings("unchecked")
    private static String name(Map<String, Object> user) {
        return (String) ((Map<String, Object>) user.get("metadata")).get("name");
    }

    /** Strimzi's simple authorization, as the User Operator writes it: one binding per operation, host *. */
    @SuppressWarnings("unchecked")
    private static List<AclBinding> aclsOf(Map<String, Object> user) {
        Map<String, Object> spec = (Map<String, Object>) user.get("spec");
        Map<String, Object> authz = (Map<String, Object>) spec.get("authorization");
        String principal = "User:" + name(user);
        List<AclBinding> bindings = new ArrayList<>();
        for (Map<String, Object> acl : (List<Map<String, Object>>) authz.get("acls")) {
            Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
            ResourceType type = switch (String.valueOf(resource.get("type"))) {
                case "topic" -> ResourceType.TOPIC;
                case "group" -> ResourceType.GROUP;
                case "cluster" -> ResourceType.CLUSTER;
                case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
                default -> throw new IllegalArgumentException("resource type " + resource.get("type"));
            };
            String name = type == ResourceType.CLUSTER ? "kafka-cluster" : String.valueOf(resource.get("name"));
            PatternType pattern = "prefix".equals(resource.get("patternType")) ? PatternType.PREFIXED
                    : PatternType.LITERAL;
            AclPermissionType permission = "deny".equals(acl.get("type")) ? AclPermissionType.DENY
                    : AclPermissionType.ALLOW;
            for (String op : (List<String>) acl.get("operations")) {
                bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                        new AccessControlEntry(principal, "*", operation(op), permission)));
            }
        }
        return bindings;
    }

    /** Strimzi's operation names (Describe, DescribeConfigs, IdempotentWrite) as Kafka's. */
    private static AclOperation operation(String strimzi) {
        String upper = strimzi.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        return AclOperation.valueOf(upper);
    }
}
