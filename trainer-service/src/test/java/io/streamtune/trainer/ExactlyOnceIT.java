package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.DlqHeaders;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.Topics;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3ArtifactStore;
import io.streamtune.training.DelegatingLearner;
import io.streamtune.training.Ledger;
import io.streamtune.training.TinyLearner;
import io.streamtune.training.TrainerOptions;
import io.streamtune.training.TrainerStatus;
import io.streamtune.training.TrainingListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once positions across a crash, against the real broker and S3 server: the loop is killed without a final
 * checkpoint after it trained past its last one, restarted (with the group's offsets moved to the end, which it
 * must ignore), and finishes the stream. The checkpoints' ledgers then account for every record of the stream once,
 * and every example id is trained once: records repeating an id (some replayed after the crash, their first record
 * trained before the checkpoint the loop resumed from) are in the ledgers' duplicates.
 */
class ExactlyOnceIT {

    static final int PARTITIONS = 3;
    static final int EXAMPLES = 480;
    /** Records repeating an example id: 24 in the middle of the stream (around the crash), 8 at its end. */
    static final int DUPLICATES = 32;

    @TempDir
    Path work;

    @Test
    void everyRecordIsAccountedForOnceAndEveryExampleTrainedOnceAcrossACrash() throws Exception {
        String model = RealStreams.freshModel("eo");
        String topic = Topics.train(model);
        RealStreams.createTopic(topic, PARTITIONS);
        RealStreams.publishSpec(new ModelSpec(null, 0, null, model, LabelSet.closed("a", "b", "c"), null, 0, 0, 0,
                new TrainingSettings(null, 0, 16, 300, 0, 0.05, 0, 0, 0, ReplayStrategy.RESERVOIR, 64, 1.0, 1.0, 4,
                        3600), null));
        List<LabelledExample> examples = new ArrayList<>();
        for (int i = 0; i < EXAMPLES; i++) {
            String label = List.of("a", "b", "c").get(i % 3);
            examples.add(LabelledExample.of("ex-%04d".formatted(i), model, "example " + i + " of " + label, label,
                    "app-" + i % 2));
        }
        List<LabelledExample> repeated = new ArrayList<>(examples.subList(0, 24));
        repeated.addAll(examples.subList(100, 108));
        RealStreams.produce(model, examples.subList(0, 200));
        RealStreams.produce(model, repeated.subList(0, 24)); // their first records are in the steps before the crash
        RealStreams.produce(model, examples.subList(200, 240));
        // poison: not JSON, and a label outside the closed set
        RealStreams.send(List.of(
                new ProducerRecord<>(topic, RealStreams.utf8("bad-json"), RealStreams.utf8("{not json")),
                new ProducerRecord<>(topic, RealStreams.utf8("bad-label"), EventJson.write(
                        LabelledExample.of("bad-label", model, "text", "zzz", "app-0")))));
        RealStreams.produce(model, examples.subList(240, EXAMPLES));
        RealStreams.produce(model, repeated.subList(24, DUPLICATES));
        Map<Integer, Long> end = RealStreams.endOffsets(topic);
        long total = end.values().stream().mapToLong(Long::longValue).sum();
        assertThat(total).isEqualTo(EXAMPLES + 2 + DUPLICATES);

        TrainerOptions options = TrainerOptions.defaults(List.of(model), work.resolve("run")).withGroupId("g-" + model);
        try (ArtifactStore store = new S3ArtifactStore(RealStreams.freshBuckets())) {
            // first run: killed while its 15th step runs, three steps after its third checkpoint (step 12)
            CountDownLatch inStep15 = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            TrainerRuntime first = new TrainerRuntime(options, RealStreams.bootstrap(), store,
                    DelegatingLearner.gated(TinyLearner.factory(), 14, inStep15, release), TrainingListener.NONE);
            first.start();
            assertThat(inStep15.await(60, TimeUnit.SECONDS)).isTrue();
            Thread crash = new Thread(first::halt);
            crash.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> first.scheduler().stopping());
            release.countDown();
            crash.join();
            TrainerStatus atCrash = first.status(model).orElseThrow();
            CheckpointManifest beforeCrash = store.latestCheckpoint(model).orElseThrow();
            System.out.printf("crash at step %d; last checkpoint %s at step %d%n", atCrash.step(),
                    beforeCrash.checkpointId(), beforeCrash.step());
            assertThat(atCrash.step()).isEqualTo(15);
            assertThat(beforeCrash.step()).isEqualTo(12);

            // someone moves the group's offsets to the end: the trainer must seek to the manifest's instead
            // (once the halted runtime's session ran out: a group with members takes no commit from outside it)
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    RealStreams.commitForGroup(options.groupId(), topic, end));

            TrainerRuntime second = new TrainerRuntime(options, RealStreams.bootstrap(), store,
                    TinyLearner.factory(), TrainingListener.NONE);
            second.start();
            // every variant (the model's own and its linear shadow) has taken the whole stream
            await().atMost(Duration.ofSeconds(60)).until(() -> second.status().size() == 2
                    && second.status().stream().allMatch(s -> s.positions().equals(end)));
            second.stop(Duration.ofSeconds(30));

            List<CheckpointManifest> chain = RealStreams.chain(store, model);
            assertThat(chain.get(chain.size() - 1).offsets()).isEqualTo(end);
            assertThat(chain).extracting(CheckpointManifest::checkpointId).contains(beforeCrash.checkpointId());
            assertThat(chain.get(0).fromOffsets()).isEmpty();
            Map<Integer, Set<Long>> seen = new TreeMap<>();
            Set<String> trainedIds = new HashSet<>();
            List<String> deadLettered = new ArrayList<>();
            List<String> duplicates = new ArrayList<>();
            long replayedDuplicates = 0;
            for (int i = 0; i < chain.size(); i++) {
                CheckpointManifest m = chain.get(i);
                if (i > 0) {
                    assertThat(m.fromOffsets()).isEqualTo(chain.get(i - 1).offsets());
                }
                Ledger ledger = RealStreams.ledger(store, model, m.checkpointId(), work.resolve("ledgers"));
                assertThat(ledger.fromOffsets()).isEqualTo(m.fromOffsets());
                assertThat(ledger.offsets()).isEqualTo(m.offsets());
                List<Ledger.Entry> all = new ArrayList<>();
                all.addAll(ledger.trained());
                all.addAll(ledger.skipped());
                all.addAll(ledger.discarded());
                all.addAll(ledger.deadLettered());
                all.addAll(ledger.duplicates());
                for (Ledger.Entry e : all) {
                    // inside this interval, and never seen in another one
                    assertThat(e.offset()).isGreaterThanOrEqualTo(m.fromOffsets().getOrDefault(e.partition(), 0L))
                            .isLessThan(m.offsets().get(e.partition()));
                    assertThat(seen.computeIfAbsent(e.partition(), p -> new HashSet<>()).add(e.offset()))
                            .as("offset %d of partition %d accounted for twice", e.offset(), e.partition()).isTrue();
                }
                for (Ledger.Entry e : ledger.trained()) {
                    assertThat(trainedIds.add(e.id())).as("%s trained twice", e.id()).isTrue();
                }
                ledger.deadLettered().forEach(e -> deadLettered.add(e.id()));
                for (Ledger.Entry e : ledger.duplicates()) {
                    duplicates.add(e.id());
                    if (e.offset() >= beforeCrash.offsets().getOrDefault(e.partition(), 0L)
                            && e.offset() < atCrash.positions().getOrDefault(e.partition(), 0L)) {
                        replayedDuplicates++; // classified before the crash, and again after the resume
                    }
                }
            }
            // every offset of every partition, once; every example trained once; the two poison records dead-lettered
            end.forEach((p, e) -> assertThat(seen.getOrDefault(p, Set.of())).hasSize(e.intValue()));
            assertThat(trainedIds).hasSize(EXAMPLES)
                    .containsAll(examples.stream().map(LabelledExample::id).toList());
            assertThat(deadLettered).containsExactlyInAnyOrder("bad-json", "bad-label");
            assertThat(duplicates).containsExactlyInAnyOrderElementsOf(
                    repeated.stream().map(LabelledExample::id).toList());
            // whether some repeats fall between the last checkpoint and the crash (classified twice) depends on the
            // order the consumer takes the partitions in, so it is reported, not required: the repeats sent after
            // the crash (ids trained before it) are duplicates only through the window restored from the checkpoint
            System.out.printf("%d checkpoints in the chain account for %d records once each (%d trained, %d "
                    + "dead-lettered, %d duplicates, %d of them replayed after the crash)%n", chain.size(), total,
                    trainedIds.size(), deadLettered.size(), duplicates.size(), replayedDuplicates);

            // every checkpoint of the chain was announced; the group's offsets follow the last checkpoint
            Set<String> announced = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : RealStreams.readAll(Topics.CHECKPOINTS)) {
                if (model.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                    announced.add(EventJson.read(r.value(), CheckpointCreated.class).checkpointId());
                }
            }
            assertThat(announced).containsAll(chain.stream().map(CheckpointManifest::checkpointId).toList());
            // (the least of the variants' checkpointed positions: both variants' final checkpoints are at the end)
            assertThat(RealStreams.committed(options.groupId())).isEqualTo(end);

            // the dead-letter topic has both poison records with their reason and origin (at least once)
            Map<String, String> reasons = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : RealStreams.readAll(Topics.DLQ)) {
                var src = r.headers().lastHeader(DlqHeaders.SOURCE_TOPIC);
                if (src != null && topic.equals(new String(src.value(), StandardCharsets.UTF_8))) {
                    reasons.put(new String(r.key(), StandardCharsets.UTF_8),
                            new String(r.headers().lastHeader(DlqHeaders.REASON).value(), StandardCharsets.UTF_8));
                }
            }
            assertThat(reasons).containsOnlyKeys("bad-json", "bad-label");
            assertThat(reasons.get("bad-json")).contains("not a LabelledExample");
            assertThat(reasons.get("bad-label")).contains("label");
        }
    }
}
