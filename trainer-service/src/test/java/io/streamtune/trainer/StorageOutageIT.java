package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.Topics;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.S3Endpoint;
import io.streamtune.localstack.test.ServerHandle;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3ArtifactStore;
import io.streamtune.storage.S3Settings;
import io.streamtune.training.TinyLearner;
import io.streamtune.training.TrainerOptions;
import io.streamtune.training.TrainingListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An S3 outage on a real S3 server that the test stops: the loop goes on training while every checkpoint attempt
 * fails (retried every 5 s), and the failed attempts leave nothing on the local disk: only the last good checkpoint's
 * folder stays in the work dir, however long the outage lasts.
 */
class StorageOutageIT {

    @TempDir
    Path work;

    @Test
    void failedCheckpointAttemptsLeaveNoFoldersBehind() throws Exception {
        String model = RealStreams.freshModel("outage");
        RealStreams.createTopic(Topics.train(model), 1);
        RealStreams.publishSpec(new ModelSpec(null, 0, null, model, LabelSet.closed("a", "b"), null, 0, 0, 0,
                new TrainingSettings(null, 0, 8, 200, 0, 0.05, 0, 0, 0, ReplayStrategy.RESERVOIR, 32, 1.0, 1.0, 2,
                        3600), null));
        List<LabelledExample> examples = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            examples.add(LabelledExample.of("o-%03d".formatted(i), model, "example " + i, i % 2 == 0 ? "a" : "b",
                    "app"));
        }
        AtomicInteger failures = new AtomicInteger();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onCheckpointFailed(String m, Exception error) {
                failures.incrementAndGet();
            }
        };
        TrainerOptions options = TrainerOptions.defaults(List.of(model), work).withGroupId("g-" + model);
        Path modelDir = work.resolve(model);
        ServerHandle<S3Endpoint> s3 = RealServers.startFreshS3();
        S3Endpoint e = s3.endpoint();
        try (ArtifactStore store = new S3ArtifactStore(new S3Settings(URI.create(e.endpoint()), e.accessKey(),
                e.secretKey(), e.region(), null, null));
                TrainerRuntime runtime = new TrainerRuntime(options, RealStreams.bootstrap(), store,
                        TinyLearner.factory(), listener)) {
            runtime.start();
            RealStreams.produce(model, examples.subList(0, 32));
            await().atMost(Duration.ofSeconds(60)).until(() -> runtime.status(model)
                    .map(st -> st.positions().getOrDefault(0, 0L) == 32 && st.lastCheckpointId() != null
                            && st.checkpoints() >= 1 && st.secondsSinceCheckpoint() < 60).orElse(false)
                    && checkpointFolders(modelDir).size() == 1);
            String lastGood = runtime.status(model).orElseThrow().lastCheckpointId();

            s3.close(); // the outage
            RealStreams.produce(model, examples.subList(32, 96));
            await().atMost(Duration.ofSeconds(60)).until(() -> failures.get() >= 4);
            assertThat(runtime.status(model).orElseThrow().positions().get(0)).as("training goes on").isEqualTo(96L);
            assertThat(runtime.status(model).orElseThrow().lastError()).contains("checkpoint failed");
            assertThat(checkpointFolders(modelDir)).as("the work dir after %d failed attempts", failures.get())
                    .containsExactly(lastGood);
        } finally {
            s3.close();
        }
    }

    private static List<String> checkpointFolders(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ck-"))
                    .sorted().toList();
        }
    }
}
