package io.streamtune.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.localstack.test.RealServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The spec table over a topic of the real broker: history, tombstones, poison, and what arrives afterwards. */
class ModelSpecTableIT {

    private final Map<String, Object> kafka = KafkaClients.at(RealServers.kafka().bootstrapServers());

    @Test
    void readsTheTopicWholeThenFollowsIt() throws Exception {
        String topic = "specs-it-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        ModelSpec spam = ModelSpec.of("spam", LabelSet.closed("ham", "spam"));
        ModelSpec tickets = ModelSpec.of("tickets", LabelSet.closed("billing", "bug"));
        send(topic, "spam", EventJson.write(spam));
        send(topic, "tickets", EventJson.write(tickets));
        send(topic, "spam", null); // spam deleted
        send(topic, null, EventJson.write(spam)); // no key
        send(topic, "other", EventJson.write(tickets)); // a key naming another model
        send(topic, "broken", "{not json".getBytes(StandardCharsets.UTF_8));

        List<String> events = new CopyOnWriteArrayList<>();
        ModelSpecTable.Listener listener = new ModelSpecTable.Listener() {
            @Override
            public void known(ModelSpec spec, ModelSpec previous) {
                events.add("known " + spec.name() + (previous == null ? "" : " again"));
            }

            @Override
            public void deleted(String model) {
                events.add("deleted " + model);
            }

            @Override
            public void poison(ConsumerRecord<byte[], byte[]> record, String reason) {
                events.add("poison @" + record.offset() + ": " + reason);
            }
        };
        try (ModelSpecTable table = new ModelSpecTable(kafka, topic, "specs-it", listener).start()) {
            assertThat(table.await("tickets", Duration.ofSeconds(30))).contains(tickets);
            assertThat(table.caughtUp()).isTrue();
            assertThat(table.find("spam")).isEmpty();
            assertThat(table.models()).containsExactly("tickets");
            assertThat(events).containsExactly("known spam", "known tickets", "deleted spam",
                    "poison @3: a model spec record needs the model name as its key",
                    "poison @4: the key 'other' differs from the spec's name 'tickets'",
                    events.get(5));
            assertThat(events.get(5)).startsWith("poison @5: not a valid ModelSpec");

            // followed after catching up: a model defined later is known without a restart
            ModelSpec later = ModelSpec.of("later", LabelSet.closed("a", "b"));
            send(topic, "later", EventJson.write(later));
            await().atMost(Duration.ofSeconds(30)).until(() -> table.find("later").isPresent());
            assertThat(table.size()).isEqualTo(2);
            assertThat(table.alive()).isTrue();
        }
    }

    @Test
    void aMissingTopicMeansNoModelsYet() throws Exception {
        String topic = "specs-none-" + UUID.randomUUID().toString().substring(0, 8);
        try (ModelSpecTable table = new ModelSpecTable(kafka, topic, "specs-it-none", new ModelSpecTable.Listener() {
        }).start()) {
            assertThat(table.await("spam", Duration.ofSeconds(30))).isEmpty();
            assertThat(table.caughtUp()).isTrue();
            assertThat(table.size()).isZero();
        }
    }

    private void send(String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(kafka, "specs-it-w"))) {
            producer.send(new ProducerRecord<>(topic, 0, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                    value)).get();
        }
    }
}
