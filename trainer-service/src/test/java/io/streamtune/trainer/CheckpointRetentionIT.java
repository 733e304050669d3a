package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.CheckpointFolder;
import io.streamtune.storage.S3ArtifactStore;
import io.streamtune.storage.StorageLayout;
import io.streamtune.training.CheckpointAnnouncer;
import io.streamtune.training.DeadLetterSink;
import io.streamtune.training.ExampleQueue;
import io.streamtune.training.Incoming;
import io.streamtune.training.ModelTrainer;
import io.streamtune.training.RetentionPolicy;
import io.streamtune.training.TinyLearner;
import io.streamtune.training.TrainerOptions;
import io.streamtune.training.TrainingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint retention on a real S3 server, and the trainer's local work folder. Retention keeps the last N on the
 * head's lineage, the sources of registry versions, the head and whatever is younger than the grace period; it
 * removes the rest, and folders without a manifest (partial uploads) older than the grace period; base weights are
 * never touched. The model then resumes from its head. Locally only the last checkpoint's folder stays.
 */
class CheckpointRetentionIT {

    static final Duration GRACE = Duration.ofSeconds(8);

    @TempDir
    Path work;

    private long offset;

    @Test
    void keepsTheLastOnTheLineageVersionSourcesTheHeadAndYoungOnesRemovesTheRestAndTheModelResumes()
            throws Exception {
        String model = RealStreams.freshModel("retain");
        AtomicInteger deleted = new AtomicInteger();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onCheckpointsDeleted(String m, int checkpoints) {
                deleted.addAndGet(checkpoints);
            }
        };
        TrainerOptions options = options(model, new RetentionPolicy(2, GRACE));
        try (ArtifactStore store = new S3ArtifactStore(RealStreams.freshBuckets())) {
            store.ensureBuckets();
            String base = putBase(store);
            ModelTrainer first = trainer(model, options, store, listener, "first");
            first.open();
            List<String> old = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                old.add(checkpoint(first));
            }
            store.createVersion(model, 1, old.get(1), "{}".getBytes(StandardCharsets.UTF_8));
            String oldOrphan = "ck-0000000099-0ldpart";
            partialUpload(store, model, oldOrphan);
            Thread.sleep(GRACE.toMillis() + 1_500);

            String youngOrphan = "ck-0000000100-y0ungpart";
            partialUpload(store, model, youngOrphan);
            List<String> young = List.of(checkpoint(first), checkpoint(first), checkpoint(first));
            String head = young.get(2);

            assertThat(store.readHead(model).orElseThrow().value().checkpointId()).isEqualTo(head);
            assertThat(store.listCheckpointFolders(model)).extracting(CheckpointFolder::checkpointId)
                    .as("head and the one before it, the version's source, the young ones")
                    .containsExactlyInAnyOrder(old.get(1), young.get(0), young.get(1), head, youngOrphan);
            assertThat(store.listCheckpoints(model)).extracting(CheckpointManifest::checkpointId)
                    .containsExactlyInAnyOrder(old.get(1), young.get(0), young.get(1), head);
            assertThat(deleted.get()).as("5 checkpoints and 1 partial upload").isEqualTo(6);
            for (CheckpointManifest kept : store.listCheckpoints(model)) {
                store.downloadCheckpoint(model, kept.checkpointId(), work.resolve("verify-" + kept.checkpointId()));
            }
            assertThat(store.base(base, work.resolve("bases-cache"))).exists();
            first.close(); // as a crash would

            ModelTrainer second = trainer(model, options, store, listener, "second");
            CheckpointManifest headManifest = store.readManifest(model, head).orElseThrow();
            assertThat(second.open()).isEqualTo(headManifest.offsets());
            assertThat(second.status().step()).isEqualTo(headManifest.step());
            String next = checkpoint(second);
            assertThat(store.readManifest(model, next).orElseThrow().parentCheckpointId()).isEqualTo(head);
            second.close();
        }
    }

    @Test
    void theWorkFolderKeepsOnlyTheLastCheckpointAndOpeningClearsWhatACrashedProcessLeft() throws Exception {
        String model = RealStreams.freshModel("workdir");
        TrainerOptions options = options(model, RetentionPolicy.defaults());
        Path modelDir = work.resolve(model);
        try (ArtifactStore store = new S3ArtifactStore(RealStreams.freshBuckets())) {
            store.ensureBuckets();
            ModelTrainer first = trainer(model, options, store, TrainingListener.NONE, "first");
            first.open();
            checkpoint(first);
            String last = checkpoint(first);
            assertThat(folders(modelDir)).containsExactly(last);
            first.close();

            // a process that crashed while writing a checkpoint left its folder behind
            Path leftover = modelDir.resolve("ck-0000000042-deadbeef").resolve("model");
            Files.createDirectories(leftover);
            Files.write(leftover.resolve("weights.partial"), new byte[1024]);

            ModelTrainer second = trainer(model, options, store, TrainingListener.NONE, "second");
            second.open();
            assertThat(folders(modelDir)).as("the restored checkpoint only").containsExactly(last);
            String next = checkpoint(second);
            assertThat(folders(modelDir)).containsExactly(next);
            second.close();
        }
    }

    private TrainerOptions options(String model, RetentionPolicy retention) {
        return TrainerOptions.defaults(List.of(model), work).withRetention(retention);
    }

    private ModelTrainer trainer(String model, TrainerOptions options, ArtifactStore store,
            TrainingListener listener, String owner) {
        TrainingSettings s = new TrainingSettings(null, 0, 4, 0, 0, 0.1, 0, 0, 0, ReplayStrategy.RESERVOIR, 16, 1.0,
                1.0, 0, 0);
        ModelSpec spec = new ModelSpec(null, 0, null, model, LabelSet.closed("a", "b"), null, 0, 0, 0, s, null);
        return new ModelTrainer(spec, options, TinyLearner.factory(), store, new ExampleQueue(() -> { }),
                DeadLetterSink.NONE, CheckpointAnnouncer.NONE, listener, owner);
    }

    /** One step on 4 new examples, then a checkpoint of it: its id. */
    private String checkpoint(ModelTrainer t) throws IOException {
        List<Incoming> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long o = offset++;
            String label = o % 2 == 0 ? "a" : "b";
            batch.add(Incoming.example(0, o, System.nanoTime(), LabelledExample.of("r-" + o, t.model(),
                    "example " + o + " about " + label, label, "app")));
        }
        t.train(batch);
        return t.checkpoint().orElseThrow().checkpointId();
    }

    /** What a failed attempt leaves: files of a checkpoint folder, no manifest. */
    private static void partialUpload(ArtifactStore store, String model, String id) {
        String prefix = StorageLayout.checkpointPrefix(model, id);
        store.objects().put(store.settings().checkpointsBucket(), prefix + "state.json", "{}".getBytes(
                StandardCharsets.UTF_8));
        store.objects().put(store.settings().checkpointsBucket(), prefix + "model/weights.safetensors", new byte[64]);
    }

    /** Base weights a delta checkpoint would refer to: retention must leave them. */
    private String putBase(ArtifactStore store) throws Exception {
        Path file = work.resolve("base.safetensors");
        Files.write(file, "pretrained".getBytes(StandardCharsets.UTF_8));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        store.putBase(sha, file);
        return sha;
    }

    private static List<String> folders(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
