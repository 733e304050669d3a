package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointHead;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.Topics;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3ArtifactStore;
import io.streamtune.training.TinyLearner;
import io.streamtune.training.TrainerOptions;
import io.streamtune.training.TrainerStatus;
import io.streamtune.training.TrainingListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fencing on the real broker and S3 server, made deterministic: a trainer still in the pool's good books, whose model's
 * checkpoint head another trainer claimed (as a new owner does after a hand-over this one missed), makes its next
 * checkpoint visible nowhere: the head keeps the other's generation, the invisible checkpoint is removed, nothing is
 * announced, the loop stops training the model (state FENCED) and the listener counts it.
 */
class FencingIT {

    @TempDir
    Path work;

    @Test
    void aTrainerWhoseHeadWasClaimedMakesNothingVisibleAndStops() throws Exception {
        String model = RealStreams.freshModel("fence");
        RealStreams.createTopic(Topics.train(model), 1);
        RealStreams.publishSpec(new ModelSpec(null, 0, null, model, LabelSet.closed("a", "b"), null, 0, 0, 0,
                new TrainingSettings(null, 0, 8, 200, 0, 0.05, 0, 0, 0, ReplayStrategy.RESERVOIR, 32, 1.0, 1.0, 2,
                        3600), null));
        List<LabelledExample> examples = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String label = i % 2 == 0 ? "a" : "b";
            examples.add(LabelledExample.of("f-%03d".formatted(i), model, "example " + i, label, "app"));
        }
        TrainerOptions options = TrainerOptions.defaults(List.of(model), work).withGroupId("g-" + model);
        AtomicInteger fenced = new AtomicInteger();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onFenced(String m, Exception reason) {
                fenced.incrementAndGet();
            }
        };
        try (ArtifactStore store = new S3ArtifactStore(RealStreams.freshBuckets());
                TrainerRuntime runtime = new TrainerRuntime(options, RealStreams.bootstrap(), store,
                        TinyLearner.factory(), listener)) {
            runtime.start();
            RealStreams.produce(model, examples.subList(0, 32));
            await().atMost(Duration.ofSeconds(60)).until(() -> runtime.status(model)
                    .map(s -> s.positions().getOrDefault(0, 0L) == 32 && s.lastCheckpointId() != null
                            && store.latestCheckpoint(model).map(c -> c.offsets().get(0) == 32).orElse(false))
                    .orElse(false));
            CheckpointHead before = store.readHead(model).orElseThrow().value();
            assertThat(before.generation()).isEqualTo(1);
            assertThat(before.owner()).isEqualTo(runtime.pool().instanceId());
            assertThat(runtime.status(model).orElseThrow().generation()).isEqualTo(1);

            // another trainer takes the model over behind this one's back
            CheckpointHead usurper = store.claimHead(model, "usurper").value();
            assertThat(usurper.generation()).isEqualTo(2);
            assertThat(usurper.checkpointId()).isEqualTo(before.checkpointId());

            RealStreams.produce(model, examples.subList(32, 64));
            await().atMost(Duration.ofSeconds(60)).until(() -> runtime.status(model)
                    .map(s -> s.state() == TrainerStatus.State.FENCED).orElse(false));
            TrainerStatus s = runtime.status(model).orElseThrow();
            assertThat(s.lastError()).contains("generation 2").contains("usurper");
            assertThat(fenced.get()).isEqualTo(1);

            // nothing it wrote after the claim is visible, listed or announced
            CheckpointHead after = store.readHead(model).orElseThrow().value();
            assertThat(after).isEqualTo(usurper);
            assertThat(store.latestCheckpoint(model).map(CheckpointManifest::checkpointId))
                    .contains(before.checkpointId());
            assertThat(store.listCheckpoints(model)).allMatch(c -> c.offsets().get(0) <= 32);
            Set<String> announced = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : RealStreams.readAll(Topics.CHECKPOINTS)) {
                CheckpointCreated c = EventJson.read(r.value(), CheckpointCreated.class);
                // the usurper claimed the primary variant's head; the linear shadow's lineage trains on
                if (model.equals(new String(r.key(), StandardCharsets.UTF_8)) && c.variant().equals("default")) {
                    announced.add(c.checkpointId());
                }
            }
            Set<String> listed = new HashSet<>();
            store.listCheckpoints(model).forEach(c -> listed.add(c.checkpointId()));
            assertThat(announced).isNotEmpty().isSubsetOf(listed);

            // and it trains no more: its positions stay where the fencing stopped it
            long at = s.positions().getOrDefault(0, 0L);
            Thread.sleep(2_000);
            assertThat(runtime.status(model).orElseThrow().positions().getOrDefault(0, 0L)).isEqualTo(at);
        }
    }
}
