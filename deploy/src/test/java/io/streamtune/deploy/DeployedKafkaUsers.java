package io.streamtune.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.contracts.Topics;
import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.SecuredKafkaEndpoint;
import io.streamtune.localstack.test.ServerHandle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the deployed Kafka users must allow and refuse, on a real broker of the local stack with SASL/SCRAM-SHA-512 and
 * Kafka's StandardAuthorizer: each service's principal may write exactly the topics it produces, so a client holding
 * ingest's credentials cannot forge an evaluation or a promotion, and a wrong password gets in nowhere. Each
 * deployment (Strimzi's KafkaUsers, Compose's init script) gives the broker its users its own way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DeployedKafkaUsers {

    private ServerHandle<SecuredKafkaEndpoint> kafka;
    private final Map<String, String> passwords = new HashMap<>();

    /** Gives the broker the deployment's users, ACLs and shared topics; returns user name → password. */
    protected abstract Map<String, String> deploy(SecuredKafkaEndpoint kafka) throws Exception;

    @BeforeAll
    void applyTheDeployedUsers() throws Exception {
        kafka = RealServers.startSecuredKafka();
        passwords.putAll(deploy(kafka.endpoint()));
        assertThat(passwords).containsKeys("ingest-service", "trainer-service", "evaluator-service",
                "registry-service");
        // the per-model topics, as ingest creates them on a model's first example
        try (Admin operator = Admin.create(kafka.endpoint().operatorProperties())) {
            operator.createTopics(List.of(Topics.train("spam"), Topics.heldout("spam")).stream()
                    .map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    void stop() {
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
        for (String service : passwords.keySet()) {
            assertThat(write(service, Topics.DLQ)).as(service + " writes the DLQ").isTrue();
        }
    }

    /**
     * The trainer pool (issue 18): its replicas join one consumer group, the trainer's streamtune.trainer.group-id as
     * the service declares it, and subscribe by pattern to every train topic. The group ACL must cover that id, and
     * the pattern must find the train topics the user may read and no held-out topic.
     */
    @Test
    void theTrainerPoolJoinsItsGroupAndItsPatternSeesOnlyTrainTopics() {
        String group = Repository.project().services().get("trainer-service").value("streamtune.trainer.group-id")
                .orElseThrow(() -> new AssertionError("trainer-service declares no streamtune.trainer.group-id"));
        Pattern perModel = Pattern.compile("streamtune\\.[a-z0-9-]+\\.(train|heldout)");

        assertThat(subscribe("trainer-service", group, perModel))
                .as("the pool's pattern subscription, in group " + group)
                .containsExactly(new TopicPartition(Topics.train("spam"), 0));
        assertThatThrownBy(() -> subscribe("trainer-service", "someone-else", perModel))
                .as("a group outside the trainer's ACLs").isInstanceOf(GroupAuthorizationException.class);
    }

    /**
     * The dashboard's trainer stats (issue 22): the registry reads the checkpoint announcements in a group of its own
     * and the end offsets of a model's train topic, but no example on it.
     */
    @Test
    void theRegistrySeesCheckpointsAndTrainTopicEndsButNoExample() throws Exception {
        TopicPartition train = new TopicPartition(Topics.train("spam"), 0);
        try (Admin admin = Admin.create(kafka.endpoint().clientProperties("registry-service",
                passwords.get("registry-service")))) {
            assertThat(admin.listOffsets(Map.of(train, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS))
                    .containsKey(train);
        }
        // every partition of the topic, however many its creator gave it (1 here, 6 in compose's kafka-init.sh)
        assertThat(subscribe("registry-service", "streamtune-registry-checkpoints-1",
                Pattern.compile(Pattern.quote(Topics.CHECKPOINTS))))
                .isNotEmpty().allMatch(tp -> tp.topic().equals(Topics.CHECKPOINTS))
                .contains(new TopicPartition(Topics.CHECKPOINTS, 0));
        Map<String, Object> p = new HashMap<>(kafka.endpoint().clientProperties("registry-service",
                passwords.get("registry-service")));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.assign(List.of(train));
            consumer.seekToBeginning(List.of(train));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class);
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

    /** The partitions a consumer of the user gets when it joins the group with a pattern subscription. */
    private Set<TopicPartition> subscribe(String user, String group, Pattern pattern) {
        Map<String, Object> p = new HashMap<>(kafka.endpoint().clientProperties(user, passwords.get(user)));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1_000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(pattern);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500));
            }
            return Set.copyOf(consumer.assignment());
        }
    }

    /** True when the broker took the record, false when it refused the principal the topic. */
    private boolean write(String user, String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(user,
                passwords.get(user)))) {
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

    private Map<String, Object> producerProperties(String user, String password) {
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
}
