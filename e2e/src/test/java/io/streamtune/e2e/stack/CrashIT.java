package io.streamtune.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.Variant;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.PromotionPolicy;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.Topics;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3ArtifactStore;
import io.streamtune.storage.S3Settings;
import io.streamtune.storage.VersionManifest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes of real processes: the trainer killed with SIGKILL mid-stream and started again finishes the run with
 * every accepted example trained exactly once across its checkpoints (their manifests and ledgers say so); the
 * registry killed with SIGKILL while it copies its first promotion into a version leaves, after a restart, a
 * champion pointer that names a complete version.
 */
class CrashIT {

    static final String MODEL = "crash";
    static final int EMAILS = 400;

    @TempDir
    Path dir;

    @Test
    void trainerAndRegistryCrashesLoseNothingAndDuplicateNothing() throws Exception {
        long t0 = System.nanoTime();
        try (TestStack stack = TestStack.start(dir, MODEL, b -> { });
                PipelineEvents events = new PipelineEvents(stack.endpoints.kafkaBootstrapServers(), MODEL,
                        new PipelineEvents.Listener() { });
                ArtifactStore store = new S3ArtifactStore(new S3Settings(URI.create(stack.endpoints.s3Endpoint()),
                        stack.endpoints.s3AccessKey(), stack.endpoints.s3SecretKey(), stack.endpoints.s3Region(),
                        null, null))) {
            StreamtuneServices services = stack.services;
            services.registry().define(spec());
            services.process(StreamtuneService.TRAINER).awaitReady(Duration.ofMinutes(4));
            RegistryKiller killer = new RegistryKiller(services, store);
            killer.start();

            List<IngestClient.Example> emails = SyntheticMail.generate("cr", EMAILS, 11);
            Set<String> acceptedTrain = new HashSet<>();
            send(services.ingest(), emails.subList(0, EMAILS / 2), acceptedTrain);

            // the trainer: killed after its first checkpoint, once it has trained past it
            CheckpointCreated first = events.awaitCheckpoint("the first checkpoint", Duration.ofMinutes(4),
                    c -> c.variant().equals(Variant.PRIMARY));
            TrainerClient trainer = services.trainer();
            Waits.until("steps after " + first.checkpointId(), Duration.ofMinutes(2), () -> trainer.status(MODEL)
                    .filter(s -> s.path("step").asLong() >= first.step() + 2));
            services.kill(StreamtuneService.TRAINER);
            int checkpointsBeforeCrash = events.checkpoints().size();
            System.out.printf("trainer killed after %d checkpoint(s) at %.1f s%n", checkpointsBeforeCrash,
                    seconds(t0));

            // the stream goes on while the trainer is down; ingest does not need it
            send(services.ingest(), emails.subList(EMAILS / 2, EMAILS), acceptedTrain);
            services.start(System.out, List.of(StreamtuneService.TRAINER));
            services.process(StreamtuneService.TRAINER).awaitReady(Duration.ofMinutes(4));

            PipelineEvents.TopicRecords topic = PipelineEvents.read(stack.endpoints.kafkaBootstrapServers(),
                    Topics.train(MODEL));
            assertThat(topic.records()).isEqualTo(acceptedTrain.size());
            CheckpointCreated last = events.awaitCheckpoint("a checkpoint covering all " + topic.records()
                    + " records", Duration.ofMinutes(5), c -> c.variant().equals(Variant.PRIMARY)
                            && topic.coveredBy(c.offsets()));
            // the linear shadow trained the same stream through the same crash, in its own lineage
            events.awaitCheckpoint("a linear checkpoint covering all " + topic.records() + " records",
                    Duration.ofMinutes(2), c -> c.variant().equals("linear") && topic.coveredBy(c.offsets()));
            System.out.printf("run complete at %s (%.1f s)%n", last.checkpointId(), seconds(t0));
            assertThat(events.checkpoints().size()).isGreaterThan(checkpointsBeforeCrash);
            everyAcceptedExampleTrainedExactlyOnce(store, events, acceptedTrain,
                    stack.endpoints.kafkaBootstrapServers());

            // the registry: killed while a promotion was being copied, restarted by the killer
            killer.join(Duration.ofMinutes(5));
            assertThat(killer.killedMidCopy.get()).as("the registry was killed before version.json existed")
                    .isTrue();
            ChampionPointer pointer = Waits.until("a champion pointer after the registry's restart",
                    Duration.ofMinutes(3), () -> store.readChampion(MODEL).map(v -> v.value()));
            Optional<VersionManifest> version = store.readVersion(MODEL, pointer.version());
            assertThat(version).as("version.json of the champion v" + pointer.version()).isPresent();
            assertThat(version.get().checkpointId()).isEqualTo(pointer.checkpointId());
            VersionManifest downloaded = store.downloadVersion(MODEL, pointer.version(), dir.resolve("champion"));
            assertThat(downloaded.files()).isNotEmpty();
            for (int v : store.listVersions(MODEL)) {
                store.downloadVersion(MODEL, v, dir.resolve("v" + v));
            }
            JsonNode champion = services.registry().champion(MODEL).orElseThrow();
            assertThat(champion.path("version").asInt()).isGreaterThanOrEqualTo(pointer.version());
            System.out.printf("champion v%d complete and verified at %.1f s%n", pointer.version(), seconds(t0));
        }
    }

    /**
     * Follows the checkpoints from the model's head through their parents (Lineages): the intervals chain, every
     * record of the train topic is in exactly one ledger, and the trained ones are exactly the examples ingest accepted
     * for training. No other checkpoint was announced (one the kill caught between its manifest and its head move
     * would be complete but invisible, and never announced).
     */
    private static void everyAcceptedExampleTrainedExactlyOnce(ArtifactStore store, PipelineEvents events,
            Set<String> acceptedTrain, String bootstrap) throws IOException {
        for (Variant variant : spec().allVariants()) { // the model's own settings and its linear shadow
            List<CheckpointManifest> chain = Lineages.chain(store, Variant.lineage(MODEL, variant.name()));
            Set<String> onLineage = new HashSet<>();
            chain.forEach(m -> onLineage.add(m.checkpointId()));
            assertThat(chain).allMatch(m -> m.variant().equals(variant.name()));
            assertThat(events.checkpoints()).filteredOn(c -> c.variant().equals(variant.name()))
                    .extracting(CheckpointCreated::checkpointId).isNotEmpty()
                    .as("every announced checkpoint of %s is on its head's lineage", variant.name())
                    .allMatch(onLineage::contains);
            Lineages.everyAcceptedExampleTrainedExactlyOnce(store, MODEL, chain, acceptedTrain, bootstrap);
        }
    }

    private static void send(IngestClient ingest, List<IngestClient.Example> emails, Set<String> acceptedTrain)
            throws IOException {
        for (int i = 0; i < emails.size(); i += 50) {
            IngestClient.Result r = ingest.send(MODEL, emails.subList(i, Math.min(i + 50, emails.size())));
            assertThat(r.refused()).isEmpty();
            r.accepted().stream().filter(IngestClient.Placement::train).forEach(p -> acceptedTrain.add(p.id()));
        }
    }

    static ModelSpec spec() {
        return spec(MODEL);
    }

    /** Head mode at 64 tokens, batches of 8, a checkpoint every 5 steps or 10 s. */
    static ModelSpec spec(String model) {
        TrainingSettings training = new TrainingSettings(FineTuneMode.HEAD, 1, 8, 500, 5e-5, 1e-2, 0, 64, 1,
                ReplayStrategy.RESERVOIR, 64, 0.5, 1.0, 5, 10);
        return new ModelSpec(null, 0, null, model, LabelSet.closed("spam", "ham"), null, 0, 25, 40, training,
                new PromotionPolicy(0.5, 0.0, 0.2, 40));
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Watches the models bucket and kills the registry with SIGKILL as soon as the first object of a version folder
     * appears (the copy of a promoted checkpoint has begun, version.json is not there yet), then starts it again.
     */
    static final class RegistryKiller {
        final AtomicReference<Boolean> killedMidCopy = new AtomicReference<>();
        private final StreamtuneServices services;
        private final ArtifactStore store;
        private final Thread thread;
        private volatile Throwable failure;

        RegistryKiller(StreamtuneServices services, ArtifactStore store) {
            this.services = services;
            this.store = store;
            this.thread = new Thread(this::run, "registry-killer");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            try {
                String bucket = store.settings().modelsBucket();
                String prefix = MODEL + "/versions/";
                long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
                List<String> keys = list(bucket, prefix);
                while (keys.isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("No promotion began within 8 minutes.");
                    }
                    Thread.sleep(30); // a version's copy takes seconds: poll often enough to land inside it
                    keys = list(bucket, prefix);
                }
                services.kill(StreamtuneService.REGISTRY);
                boolean complete = list(bucket, prefix).stream().anyMatch(k -> k.endsWith("/version.json"));
                killedMidCopy.set(!complete);
                System.out.printf("registry killed with %d object(s) in %s (version.json %s)%n", keys.size(),
                        prefix, complete ? "present" : "absent");
                services.start(System.out, List.of(StreamtuneService.REGISTRY));
            } catch (Throwable t) {
                failure = t;
            }
        }

        private List<String> list(String bucket, String prefix) {
            try {
                return store.objects().list(bucket, prefix);
            } catch (RuntimeException e) {
                return List.of(); // the bucket is created by the registry at its start
            }
        }

        void join(Duration timeout) throws Exception {
            thread.join(timeout.toMillis());
            if (failure instanceof Exception e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            assertThat(thread.isAlive()).as("the registry killer finished").isFalse();
        }
    }
}
