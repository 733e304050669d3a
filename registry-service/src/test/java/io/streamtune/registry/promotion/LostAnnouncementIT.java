package io.streamtune.registry.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.contracts.Topics;
import io.streamtune.kit.s3.S3Config;
import io.streamtune.localstack.test.KafkaEndpoint;
import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.ServerHandle;
import io.streamtune.registry.support.Decisions;
import io.streamtune.registry.support.Evaluations;
import io.streamtune.registry.support.ProducerPromotionEvents;
import io.streamtune.registry.support.SecondRegistry;
import io.streamtune.registry.support.TestKafka;
import io.streamtune.registry.support.TestModels;
import io.streamtune.storage.ArtifactStore;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The champion pointer moves, then Kafka (a broker of the test's own, stopped at that moment) does not acknowledge
 * the announcement: the move must still be announced, once Kafka is back, by a retried request or in the background,
 * and a repeat must be recognisable (same event id).
 */
@QuarkusTest
class LostAnnouncementIT {

    @Inject
    ArtifactStore store;

    @Inject
    S3Config s3;

    @Test
    void aRetriedRollbackAnswersTheMoveMadeAndAnnouncesItOnceKafkaIsBack() {
        String model = modelWithTwoVersions("lost-rollback");
        try (ServerHandle<KafkaEndpoint> kafka = freshKafka();
                SecondRegistry registry = registryOn(kafka)) {
            kafka.stop();
            assertThatThrownBy(() -> registry.rollbacks().rollback(model, 1, "v2 mislabels invoices"))
                    .isInstanceOf(AnnouncementException.class);
            assertThat(pointer(model).version()).as("the move was made").isEqualTo(1);

            assertThatThrownBy(() -> registry.rollbacks().rollback(model, 1, "v2 mislabels invoices"))
                    .as("Kafka still away: the retry is unavailable again, not a conflict")
                    .isInstanceOf(AnnouncementException.class);
            assertThat(pointer(model).generation()).as("moved once").isEqualTo(3);

            kafka.start();
            ModelPromoted answered = registry.rollbacks().rollback(model, 1, "v2 mislabels invoices");
            assertThat(answered.kind()).isEqualTo(ModelPromoted.Kind.ROLLBACK);
            assertThat(answered.version()).isEqualTo(1);
            assertThat(answered.previousVersion()).isEqualTo(2);
            assertThat(answered.generation()).isEqualTo(3);
            assertThat(answered.reason()).isEqualTo("v2 mislabels invoices");

            announcement(kafka, model, 3);
            List<ModelPromoted> announced = announcements(kafka, model);
            assertThat(announced).extracting(ModelPromoted::eventId).containsOnly(answered.eventId());
            assertThat(announced.get(0).previousVersion()).isEqualTo(2);
            assertThat(Decisions.all(model)).filteredOn(d -> "ROLLBACK".equals(d.get("kind"))).hasSize(1);

            ModelPromoted again = registry.rollbacks().rollback(model, 1, "v2 mislabels invoices");
            assertThat(again.eventId()).as("the same move, not sent again").isEqualTo(answered.eventId());
            assertThat(announcements(kafka, model)).hasSize(announced.size());
        }
    }

    @Test
    void aRollbackNobodyRetriesIsAnnouncedInTheBackgroundOnceKafkaIsBack() {
        String model = modelWithTwoVersions("lost-background");
        try (ServerHandle<KafkaEndpoint> kafka = freshKafka();
                SecondRegistry registry = registryOn(kafka);
                AnnouncementRetries retries = retries(registry)) {
            retries.start();
            kafka.stop();
            assertThatThrownBy(() -> registry.rollbacks().rollback(model, 1, "v2 is slow"))
                    .isInstanceOf(AnnouncementException.class);

            kafka.start();
            ModelPromoted announced = announcement(kafka, model, 3);
            assertThat(announced.kind()).isEqualTo(ModelPromoted.Kind.ROLLBACK);
            assertThat(announced.version()).isEqualTo(1);
        }
    }

    @Test
    void aPromotionWhoseAnnouncementFailedIsAnnouncedInTheBackground() {
        String model = modelWithTwoVersions("lost-promotion");
        TestModels.checkpoint(store, model, "ck-3", "ck-2", 30);
        CheckpointEvaluated third = Evaluations.against(model, "ck-3", 0.95, "ck-2", 2, 0.9);
        try (ServerHandle<KafkaEndpoint> kafka = freshKafka();
                SecondRegistry registry = registryOn(kafka);
                AnnouncementRetries retries = retries(registry)) {
            retries.start();
            kafka.stop();
            assertThatThrownBy(() -> registry.engine().handle(third)).isInstanceOf(AnnouncementException.class);
            assertThat(pointer(model).version()).as("the move was made").isEqualTo(3);

            kafka.start();
            ModelPromoted announced = announcement(kafka, model, 3);
            assertThat(announced.kind()).isEqualTo(ModelPromoted.Kind.PROMOTION);
            assertThat(announced.version()).isEqualTo(3);
            assertThat(announced.previousVersion()).isEqualTo(2);
            assertThat(announced.checkpointId()).isEqualTo("ck-3");
        }
    }

    @Test
    void aMoveNoInstanceAnnouncedIsAnnouncedAtTheNextStart() {
        String model = modelWithTwoVersions("lost-crash");
        try (ServerHandle<KafkaEndpoint> kafka = freshKafka()) {
            try (SecondRegistry before = registryOn(kafka)) {
                before.announcer().ensureAnnounced(pointer(model)); // generation 2 is on this broker's topic
            }
            // an instance moved the pointer and died before it wrote the log or announced
            store.moveChampion(model, store.readChampion(model), 1, "crashed", "rollback: v2 is wrong");

            try (SecondRegistry restarted = registryOn(kafka);
                    AnnouncementRetries retries = retries(restarted)) {
                retries.start();
                ModelPromoted announced = announcement(kafka, model, 3);
                assertThat(announced.kind()).isEqualTo(ModelPromoted.Kind.ROLLBACK);
                assertThat(announced.version()).isEqualTo(1);
                assertThat(announced.previousVersion()).as("the last announced champion").isEqualTo(2);
                assertThat(announced.reason()).isEqualTo("v2 is wrong");
                assertThat(announced.occurredAt()).isEqualTo(pointer(model).updatedAt());
            }
        }
    }

    /** Versions 1 and 2, promoted by the application (on the JVM's broker); 2 is the champion (generation 2). */
    private String modelWithTwoVersions(String prefix) {
        String model = TestModels.uniqueName(prefix);
        TestModels.define(model);
        for (CheckpointEvaluated e : List.of(Evaluations.first(model, "ck-1", 0.82),
                Evaluations.against(model, "ck-2", 0.90, "ck-1", 1, 0.82))) {
            TestModels.checkpoint(store, model, e.checkpointId(), e.parentCheckpointId(),
                    e.parentCheckpointId() == null ? 10 : 20);
            TestKafka.sendEvent(Topics.EVALUATIONS, model, e);
            assertThat(Decisions.awaitFor(model, e.eventId())).containsEntry("outcome", "PROMOTED");
        }
        return model;
    }

    private static AnnouncementRetries retries(SecondRegistry registry) {
        return new AnnouncementRetries(registry.announcer(), Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    private static ServerHandle<KafkaEndpoint> freshKafka() {
        ServerHandle<KafkaEndpoint> kafka = RealServers.startFreshKafka();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.endpoint().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.PROMOTIONS, Optional.of(3), Optional.empty()))).all()
                    .get();
        } catch (Exception e) {
            kafka.close();
            throw new IllegalStateException("Cannot create " + Topics.PROMOTIONS, e);
        }
        return kafka;
    }

    private SecondRegistry registryOn(ServerHandle<KafkaEndpoint> kafka) {
        String bootstrap = kafka.endpoint().bootstrapServers();
        return new SecondRegistry(s3.settings(), "lonely", PromotionProbe.NONE, bootstrap,
                new ProducerPromotionEvents(bootstrap));
    }

    private ChampionPointer pointer(String model) {
        return store.readChampion(model).orElseThrow().value();
    }

    /** The announcement of the model's move to {@code generation} on the test's broker, waiting up to 60 s. */
    private static ModelPromoted announcement(ServerHandle<KafkaEndpoint> kafka, String model, long generation) {
        List<ConsumerRecord<String, byte[]>> records = TestKafka.read(kafka.endpoint().bootstrapServers(),
                Topics.PROMOTIONS, model, l -> l.stream().anyMatch(r -> generation(r) == generation),
                Duration.ofSeconds(60));
        return records.stream().filter(r -> generation(r) == generation).findFirst()
                .map(r -> EventJson.read(r.value(), ModelPromoted.class))
                .orElseThrow(() -> new AssertionError("no announcement of generation " + generation + " of "
                        + model + " within 60 s"));
    }

    private static long generation(ConsumerRecord<String, byte[]> r) {
        return EventJson.read(r.value(), ModelPromoted.class).generation();
    }

    private static List<ModelPromoted> announcements(ServerHandle<KafkaEndpoint> kafka, String model) {
        return TestKafka.readAll(kafka.endpoint().bootstrapServers(), Topics.PROMOTIONS, model, Duration.ofSeconds(2))
                .stream().map(r -> EventJson.read(r.value(), ModelPromoted.class)).toList();
    }
}
