package io.streamtune.registry.promotion;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.streamtune.storage.VersionManifest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * Two registry instances over the same evaluation stream: this Quarkus application, and a second promotion engine
 * in this JVM with its own S3 client and its own Kafka consumer. The second one reads outside the application's
 * group, so it processes every record the application processes, at the same time: the worst case of a partition
 * hand-over, where partition ownership alone would let only one of them decide.
 */
@QuarkusTest
class TwoRegistriesIT {

    @Inject
    ArtifactStore store;

    @Inject
    S3Config s3;

    @Test
    void bothEndWithOneVersionPerPromotedCheckpointAndAConsistentPointer() throws Exception {
        String model = TestModels.uniqueName("two");
        TestModels.define(model);
        for (int i = 1; i <= 5; i++) {
            TestModels.checkpoint(store, model, "ck-" + i, i == 1 ? null : "ck-" + (i - 1), i * 10L);
        }
        List<CheckpointEvaluated> stream = List.of(
                Evaluations.first(model, "ck-1", 0.80),
                Evaluations.against(model, "ck-2", 0.85, "ck-1", 1, 0.80),
                Evaluations.against(model, "ck-3", 0.70, "ck-2", 2, 0.85),
                Evaluations.against(model, "ck-4", 0.90, "ck-2", 2, 0.85),
                Evaluations.against(model, "ck-5", 0.95, "ck-4", 3, 0.90));

        CompletableFuture<Integer> second;
        try (SecondRegistry other = new SecondRegistry(s3.settings(), "registry-b", PromotionProbe.NONE);
                KafkaConsumer<String, byte[]> consumer = TestKafka.reader(Topics.EVALUATIONS, false)) {
            second = CompletableFuture.supplyAsync(() -> {
                List<String> handled = new ArrayList<>();
                Instant end = Instant.now().plusSeconds(120);
                while (handled.size() < stream.size() && Instant.now().isBefore(end)) {
                    drain(consumer, model, other, handled);
                }
                return handled.size();
            });
            stream.forEach(e -> TestKafka.sendEvent(Topics.EVALUATIONS, model, e));
            assertThat(second.get(150, TimeUnit.SECONDS)).as("the second registry handled every evaluation")
                    .isEqualTo(stream.size());
        }
        List<String> outcomes = new ArrayList<>();
        for (CheckpointEvaluated e : stream) {
            outcomes.add((String) Decisions.awaitFor(model, e.eventId()).get("outcome"));
        }
        assertThat(outcomes).containsExactly("PROMOTED", "PROMOTED", "REJECTED", "PROMOTED", "PROMOTED");
        assertThat(Decisions.all(model)).as("one decision per evaluation").hasSize(5);

        assertThat(store.listVersions(model)).containsExactly(1, 2, 3, 4);
        Map<Integer, String> checkpoints = store.listVersions(model).stream().collect(Collectors.toMap(n -> n,
                n -> store.readVersion(model, n).map(VersionManifest::checkpointId).orElseThrow()));
        assertThat(checkpoints).containsExactly(Map.entry(1, "ck-1"), Map.entry(2, "ck-2"), Map.entry(3, "ck-4"),
                Map.entry(4, "ck-5"));
        for (int n = 1; n <= 4; n++) {
            // every version intact: what version.json lists is what is stored
            store.downloadVersion(model, n, java.nio.file.Files.createTempDirectory("v" + n));
        }

        ChampionPointer pointer = store.readChampion(model).orElseThrow().value();
        assertThat(pointer.version()).isEqualTo(4);
        assertThat(pointer.checkpointId()).isEqualTo("ck-5");
        assertThat(pointer.generation()).as("one move per promotion").isEqualTo(4);

        // announcements may repeat (at least once), but each generation has one event id and one version
        List<ModelPromoted> events = TestKafka.read(Topics.PROMOTIONS, model,
                l -> l.stream().map(r -> EventJson.read(r.value(), ModelPromoted.class).generation()).distinct()
                        .count() >= 4, Duration.ofSeconds(30))
                .stream().map(r -> EventJson.read(r.value(), ModelPromoted.class)).toList();
        assertThat(events.stream().map(ModelPromoted::generation).distinct().sorted()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events.stream().collect(Collectors.groupingBy(ModelPromoted::generation,
                Collectors.mapping(e -> e.eventId() + "/v" + e.version(), Collectors.toSet()))).values())
                .allSatisfy(ids -> assertThat(ids).hasSize(1));
    }

    private static void drain(KafkaConsumer<String, byte[]> consumer, String model, SecondRegistry registry,
            List<String> handled) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            if (model.equals(r.key())) {
                CheckpointEvaluated e = EventJson.read(r.value(), CheckpointEvaluated.class);
                registry.engine().handle(e);
                handled.add(e.eventId());
            }
        }
    }
}
