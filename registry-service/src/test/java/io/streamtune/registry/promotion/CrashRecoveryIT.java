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
import io.streamtune.registry.support.Decisions;
import io.streamtune.registry.support.Evaluations;
import io.streamtune.registry.support.SecondRegistry;
import io.streamtune.registry.support.TestKafka;
import io.streamtune.registry.support.TestModels;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.StorageLayout;
import io.streamtune.storage.VersionManifest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A registry instance dies in the middle of a promotion (a probe throws at the exact step); its evaluation was never
 * acknowledged, so the consumer group hands it to the surviving instance, this application, which must leave one
 * version, a pointer naming a complete version, one decision and the announcement.
 */
@QuarkusTest
class CrashRecoveryIT {

    static final class Crash extends RuntimeException {
        Crash() {
            super("registry killed here");
        }
    }

    @Inject
    ArtifactStore store;

    @Inject
    S3Config s3;

    @Test
    void killedBetweenCopyingTheFilesAndMovingThePointer() {
        String model = TestModels.uniqueName("crash-copy");
        TestModels.define(model);
        TestModels.checkpoint(store, model, "ck-1", null, 10);
        CheckpointEvaluated evaluation = Evaluations.first(model, "ck-1", 0.82);

        try (SecondRegistry doomed = new SecondRegistry(s3.settings(), "doomed", new PromotionProbe() {
            @Override
            public void versionCreated(VersionManifest version) {
                throw new Crash();
            }
        })) {
            assertThatThrownBy(() -> doomed.engine().handle(evaluation)).isInstanceOf(Crash.class);
        }
        assertThat(store.listVersions(model)).as("the copy was complete").containsExactly(1);
        assertThat(store.readChampion(model)).as("the pointer never moved").isEmpty();
        assertThat(Decisions.all(model)).isEmpty();
        String versionJson = StorageLayout.versionPrefix(model, 1) + VersionManifest.FILE_NAME;
        byte[] written = store.objects().get(store.settings().modelsBucket(), versionJson);

        TestKafka.sendEvent(Topics.EVALUATIONS, model, evaluation); // the redelivery to the survivor
        Map<String, Object> d = Decisions.awaitFor(model, evaluation.eventId());
        assertThat(d).containsEntry("outcome", "PROMOTED").containsEntry("version", 1);
        assertThat(store.objects().get(store.settings().modelsBucket(), versionJson))
                .as("the survivor finished the version the doomed instance wrote, never rewrote it")
                .isEqualTo(written);

        assertThat(store.listVersions(model)).containsExactly(1);
        ChampionPointer pointer = store.readChampion(model).orElseThrow().value();
        assertThat(pointer.version()).isEqualTo(1);
        assertThat(pointer.generation()).isEqualTo(1);
        assertThat(store.readVersion(model, pointer.version())).isPresent();
        List<ConsumerRecord<String, byte[]>> events = TestKafka.read(Topics.PROMOTIONS, model, l -> !l.isEmpty(),
                Duration.ofSeconds(30));
        assertThat(EventJson.read(events.get(0).value(), ModelPromoted.class).version()).isEqualTo(1);
    }

    @Test
    void killedAfterMovingThePointerBeforeAnnouncing() {
        String model = TestModels.uniqueName("crash-move");
        TestModels.define(model);
        TestModels.checkpoint(store, model, "ck-1", null, 10);
        CheckpointEvaluated first = Evaluations.first(model, "ck-1", 0.82);
        TestKafka.sendEvent(Topics.EVALUATIONS, model, first);
        Decisions.awaitFor(model, first.eventId());
        TestModels.checkpoint(store, model, "ck-2", "ck-1", 20);
        CheckpointEvaluated better = Evaluations.against(model, "ck-2", 0.9, "ck-1", 1, 0.82);

        try (SecondRegistry doomed = new SecondRegistry(s3.settings(), "doomed", new PromotionProbe() {
            @Override
            public void championMoved(ChampionPointer pointer) {
                throw new Crash();
            }
        })) {
            assertThatThrownBy(() -> doomed.engine().handle(better)).isInstanceOf(Crash.class);
        }
        assertThat(store.readChampion(model).orElseThrow().value().version()).isEqualTo(2);
        assertThat(Decisions.all(model)).hasSize(1);

        TestKafka.sendEvent(Topics.EVALUATIONS, model, better);
        Map<String, Object> d = Decisions.awaitFor(model, better.eventId());
        assertThat(d).containsEntry("outcome", "PROMOTED").containsEntry("version", 2)
                .containsEntry("previousVersion", 1).containsEntry("generation", 2);
        assertThat(store.listVersions(model)).containsExactly(1, 2);
        assertThat(store.readChampion(model).orElseThrow().value().generation()).as("moved once").isEqualTo(2);
        List<ConsumerRecord<String, byte[]>> events = TestKafka.read(Topics.PROMOTIONS, model, l -> l.size() >= 2,
                Duration.ofSeconds(30));
        ModelPromoted announced = EventJson.read(events.get(1).value(), ModelPromoted.class);
        assertThat(announced.version()).isEqualTo(2);
        assertThat(announced.generation()).isEqualTo(2);
    }
}
