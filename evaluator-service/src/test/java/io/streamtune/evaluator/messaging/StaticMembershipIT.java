package io.streamtune.evaluator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.streamtune.contracts.Topics;
import io.streamtune.kit.kafka.KafkaClients;
import io.streamtune.kit.kafka.StaticMembers;
import io.streamtune.localstack.test.KafkaEndpoint;
import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.ServerHandle;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The checkpoints channel's consumer, with the settings of the evaluator's application.properties, on a broker of the
 * test's own: a replica killed without leaving (kill -9) and restarted under the same name gets its partitions back
 * well within the session timeout, and a graceful stop (the connector's plain close, then {@link StaticMembers}) hands
 * them to the other replica at once.
 */
class StaticMembershipIT {

    static final int PARTITIONS = 4;
    static final Duration WELL_UNDER_THE_SESSION = Duration.ofSeconds(10);

    @Test
    void aReplicaKilledAndRestartedUnderItsNameGetsItsPartitionsBackAtOnce() throws Exception {
        try (ServerHandle<KafkaEndpoint> kafka = RealServers.startFreshKafka()) {
            String bootstrap = kafka.endpoint().bootstrapServers();
            try (Admin admin = Admin.create(KafkaClients.at(bootstrap))) {
                admin.createTopics(List.of(new NewTopic(Topics.CHECKPOINTS, Optional.of(PARTITIONS),
                        Optional.empty()))).all().get();
            }
            SmallRyeConfig a = serviceConfig("evaluator-a");
            assertThat(Integer.parseInt(a.getValue("mp.messaging.incoming.checkpoints.session.timeout.ms",
                    String.class))).isGreaterThan((int) WELL_UNDER_THE_SESSION.toMillis() * 2);
            KafkaConsumer<byte[], byte[]> first = consumer(a, bootstrap);
            try (KafkaConsumer<byte[], byte[]> other = consumer(serviceConfig("evaluator-b"), bootstrap)) {
                pollUntil(() -> first.assignment().size() + other.assignment().size() == PARTITIONS
                        && !first.assignment().isEmpty() && !other.assignment().isEmpty(), first, other);
                Set<TopicPartition> mine = Set.copyOf(first.assignment());
                first.close(CloseOptions.timeout(Duration.ZERO)
                        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));

                long start = System.nanoTime();
                try (KafkaConsumer<byte[], byte[]> restarted = consumer(serviceConfig("evaluator-a"), bootstrap)) {
                    pollUntil(() -> restarted.assignment().equals(mine), restarted, other);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WELL_UNDER_THE_SESSION);

                    restarted.close(Duration.ofSeconds(5)); // as the messaging connector closes it
                    start = System.nanoTime();
                    StaticMembers.leave(KafkaClients.at(bootstrap), StaticMembers.of(a));
                    pollUntil(() -> other.assignment().size() == PARTITIONS, other);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WELL_UNDER_THE_SESSION);
                }
            }
        }
    }

    /** The evaluator's application.properties (prod profile), on a replica named {@code instanceId}. */
    private static SmallRyeConfig serviceConfig(String instanceId) throws Exception {
        return new SmallRyeConfigBuilder().addDefaultInterceptors() // expands ${...}
                .withSources(new PropertiesConfigSource(StaticMembershipIT.class.getResource("/application.properties"),
                        250))
                .withSources(new PropertiesConfigSource(Map.of("streamtune.evaluator.instance-id", instanceId,
                        "quarkus.uuid", "unused"), "test", 400))
                .build();
    }

    /** A consumer of the checkpoints channel: every Kafka consumer key the channel sets. */
    private static KafkaConsumer<byte[], byte[]> consumer(SmallRyeConfig config, String bootstrap) {
        String prefix = "mp.messaging.incoming." + Channels.CHECKPOINTS + ".";
        Map<String, Object> p = new HashMap<>(KafkaClients.consumer(bootstrap, null, "test"));
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix) && ConsumerConfig.configNames().contains(name.substring(prefix.length()))
                    && !name.endsWith("deserializer")) {
                p.put(name.substring(prefix.length()), config.getValue(name, String.class));
            }
        }
        assertThat(p).containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
        c.subscribe(List.of(Topics.CHECKPOINTS));
        return c;
    }

    @SafeVarargs
    private static void pollUntil(BooleanSupplier done, KafkaConsumer<byte[], byte[]>... consumers) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("the assignment within 60 s").isLessThan(end);
            for (KafkaConsumer<byte[], byte[]> c : consumers) {
                c.poll(Duration.ofMillis(100));
            }
        }
    }
}
