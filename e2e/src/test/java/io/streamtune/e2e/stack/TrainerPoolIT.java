package io.streamtune.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.contracts.CheckpointHead;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.PromotionPolicy;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.Topics;
import io.streamtune.contracts.Variant;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3ArtifactStore;
import io.streamtune.storage.S3Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer pool as separate processes on the real broker and S3 server: two trainer replicas split four models
 * (each trained by exactly one), take a model registered while they run within 30 s, carry on after one of them is
 * killed with SIGKILL mid-stream (the other resumes its models from their last checkpoints), and survive a zombie: a
 * replica stopped with SIGSTOP past its session, its models taken over, then resumed, makes no checkpoint visible and
 * announces none. Across the whole run every accepted training example of every model is in exactly one checkpoint
 * interval of the model's one lineage (the chain behind its checkpoint head).
 */
class TrainerPoolIT {

    static final List<String> MODELS = List.of("pool-a", "pool-b", "pool-c", "pool-d");
    static final String LATE = "pool-late";
    static final Duration SESSION = Duration.ofSeconds(10);

    /** Kept when the test fails: the services' logs are in it. */
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void twoReplicasShareTheModelsHandThemOverAndFenceAZombie() throws Exception {
        long t0 = System.nanoTime();
        try (TestStack stack = TestStack.start(dir, MODELS.get(0), b -> b.trainerModels(List.of())
                .set(StreamtuneService.TRAINER, "streamtune.trainer.session-timeout", SESSION.toSeconds() + "s")
                .set(StreamtuneService.TRAINER, "streamtune.trainer.topic-discovery", "2s"));
                ArtifactStore store = new S3ArtifactStore(new S3Settings(URI.create(stack.endpoints.s3Endpoint()),
                        stack.endpoints.s3AccessKey(), stack.endpoints.s3SecretKey(), stack.endpoints.s3Region(),
                        null, null))) {
            StreamtuneServices services = stack.services;
            Map<String, ServiceProcess> trainers = new LinkedHashMap<>();
            trainers.put("trainer", services.process(StreamtuneService.TRAINER));
            ServiceProcess second = services.replica(StreamtuneService.TRAINER, "trainer-2", TestStack.freePort(),
                    Map.of());
            trainers.put("trainer-2", second);
            Map<String, PipelineEvents> events = new HashMap<>();
            try {
                second.start();
                trainers.values().forEach(p -> p.awaitReady(Duration.ofMinutes(4)));
                Map<String, Set<String>> accepted = new ConcurrentHashMap<>();
                List<String> everyModel = new ArrayList<>(MODELS);
                everyModel.add(LATE);
                for (String m : everyModel) {
                    events.put(m, new PipelineEvents(stack.testBootstrapServers, m,
                            new PipelineEvents.Listener() { }));
                }
                for (String m : MODELS) {
                    services.registry().define(spec(m));
                }
                for (String m : MODELS) {
                    send(services.ingest(), m, SyntheticMail.generate(m, 80, 3), accepted);
                }

                // 1. each model trained by exactly one replica, two each
                Map<String, String> owners = Waits.until("every model owned and checkpointed once",
                        Duration.ofMinutes(4), () -> ownersIf(trainers, MODELS, store));
                System.out.printf("owners %s at %.1f s%n", owners, seconds(t0));
                assertThat(owners.values().stream().filter("trainer"::equals).count()).isEqualTo(2);
                assertThat(owners.values().stream().filter("trainer-2"::equals).count()).isEqualTo(2);
                for (String m : MODELS) {
                    CheckpointHead head = store.readHead(m).orElseThrow().value();
                    assertThat(head.owner()).as(m + "'s head").isEqualTo(owners.get(m));
                }

                // a model registered while they run: trained within 30 s
                long registered = System.nanoTime();
                services.registry().define(spec(LATE));
                send(services.ingest(), LATE, SyntheticMail.generate(LATE, 40, 4), accepted);
                String lateOwner = Waits.until("the new model's first step", Duration.ofSeconds(60), () -> {
                    for (Map.Entry<String, ServiceProcess> t : trainers.entrySet()) {
                        Optional<JsonNode> s = new TrainerClient(t.getValue().address()).status(LATE);
                        if (s.isPresent() && s.get().path("step").asLong() >= 1) {
                            return Optional.of(t.getKey());
                        }
                    }
                    return Optional.empty();
                });
                double lateSeconds = (System.nanoTime() - registered) / 1e9;
                System.out.printf("%s registered, first step on %s %.1f s later%n", LATE, lateOwner, lateSeconds);
                assertThat(lateSeconds).as("seconds from registration to the first step").isLessThan(30);
                List<String> all = new ArrayList<>(MODELS);
                all.add(LATE);

                // 2. kill -9 of one replica mid-stream: the other carries on from the last checkpoints
                String victim = owners.get(MODELS.get(0));
                String survivor = victim.equals("trainer") ? "trainer-2" : "trainer";
                for (String m : all) {
                    send(services.ingest(), m, SyntheticMail.generate(m + "-k1", 40, 5), accepted);
                }
                trainers.get(victim).kill();
                System.out.printf("%s killed at %.1f s%n", victim, seconds(t0));
                for (String m : all) {
                    send(services.ingest(), m, SyntheticMail.generate(m + "-k2", 40, 6), accepted);
                }
                awaitCovered(stack, store, all, Duration.ofMinutes(5));
                assertThat(ownedBy(trainers.get(survivor))).containsExactlyInAnyOrderElementsOf(all);
                System.out.printf("every model on %s, all records covered at %.1f s%n", survivor, seconds(t0));

                // 3. the zombie: the victim back, given models, then stopped past its session and resumed
                trainers.get(victim).start();
                trainers.get(victim).awaitReady(Duration.ofMinutes(4));
                String zombie = victim;
                Set<String> zombieModels = Waits.until("models rebalanced onto the restarted replica",
                        Duration.ofMinutes(2), () -> {
                            Set<String> mine = ownedBy(trainers.get(zombie));
                            return mine.size() >= 2 && running(trainers.get(zombie), mine) ? Optional.of(mine)
                                    : Optional.empty();
                        });
                AtomicBoolean streaming = new AtomicBoolean(true);
                Thread sender = new Thread(() -> {
                    int round = 0;
                    while (streaming.get()) {
                        for (String m : zombieModels) {
                            try {
                                send(services.ingest(), m, SyntheticMail.generate(m + "-z" + round, 8, round),
                                        accepted);
                            } catch (IOException | RuntimeException e) {
                                System.out.println("sender: " + e);
                            }
                        }
                        round++;
                        Waits.sleep(Duration.ofMillis(500));
                    }
                }, "zombie-stream");
                sender.start();
                String watched = zombieModels.iterator().next();
                Waits.until("the zombie trained past its last checkpoint", Duration.ofMinutes(2), () ->
                        new TrainerClient(trainers.get(zombie).address()).status(watched).filter(s -> {
                            String last = s.path("lastCheckpointId").asText(null);
                            long at = last == null ? -1 : store.readManifest(watched, last).map(
                                    CheckpointManifest::step).orElse(-1L);
                            return at >= 0 && s.path("step").asLong() > at;
                        }));
                long pid = trainers.get(zombie).running().orElseThrow().pid();
                Map<String, Long> generationsBefore = new HashMap<>();
                zombieModels.forEach(m -> generationsBefore.put(m, store.readHead(m).orElseThrow().value()
                        .generation()));
                signal("STOP", pid);
                long resumedAt;
                try {
                    Waits.until("the zombie's models taken over", SESSION.plus(Duration.ofMinutes(1)), () ->
                            ownedBy(trainers.get(survivor)).containsAll(all) && zombieModels.stream().allMatch(m ->
                                    store.readHead(m).map(h -> h.value().generation() > generationsBefore.get(m)
                                            && h.value().owner().equals(survivor)).orElse(false))
                                    ? Optional.of(true) : Optional.empty());
                    System.out.printf("zombie %s's models taken over by %s at %.1f s%n", zombie, survivor,
                            seconds(t0));
                    // long enough that its checkpoint timer is due when it wakes (the spec: every 10 s)
                    Waits.sleep(Duration.ofSeconds(12));
                } finally {
                    signal("CONT", pid);
                    resumedAt = System.currentTimeMillis();
                }
                Waits.sleep(Duration.ofSeconds(20));
                streaming.set(false);
                sender.join();
                awaitCovered(stack, store, all, Duration.ofMinutes(5));

                // every announcement names a checkpoint of its variant's one lineage, the zombie's included
                Map<String, List<CheckpointManifest>> lineages = new HashMap<>();
                for (String m : all) {
                    for (Variant v : spec(m).allVariants()) {
                        String lineage = Variant.lineage(m, v.name());
                        lineages.put(lineage, Lineages.chain(store, lineage));
                        Set<String> chain = new HashSet<>();
                        lineages.get(lineage).forEach(c -> chain.add(c.checkpointId()));
                        assertThat(events.get(m).checkpoints()).filteredOn(c -> c.variant().equals(v.name()))
                                .as(lineage + ": announced checkpoints").isNotEmpty()
                                .allMatch(c -> chain.contains(c.checkpointId()));
                        Lineages.everyAcceptedExampleTrainedExactlyOnce(store, m, lineages.get(lineage),
                                accepted.get(m), stack.testBootstrapServers);
                    }
                }
                String zombieLog = java.nio.file.Files.readString(trainers.get(zombie).logFile());
                long fencedLines = zombieLog.lines().filter(l -> l.contains("fenced:")).count();
                System.out.printf("zombie resumed at %d; its log has %d fencing line(s); lineages: %s%n", resumedAt,
                        fencedLines, lineages.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size())
                                .toList());
                System.out.printf("pool run complete at %.1f s%n", seconds(t0));
            } finally {
                second.stop();
                events.values().forEach(PipelineEvents::close);
            }
        }
    }

    /** model → the replica that owns it, once every model has a visible checkpoint and exactly one owner. */
    private static Optional<Map<String, String>> ownersIf(Map<String, ServiceProcess> trainers, List<String> models,
            ArtifactStore store) {
        Map<String, String> owners = new TreeMap<>();
        for (Map.Entry<String, ServiceProcess> t : trainers.entrySet()) {
            for (String m : ownedBy(t.getValue())) {
                if (owners.put(m, t.getKey()) != null) {
                    throw new AssertionError(m + " owned by two replicas at once");
                }
            }
        }
        for (String m : models) {
            if (!owners.containsKey(m) || store.latestCheckpoint(m).isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(owners);
    }

    private static Set<String> ownedBy(ServiceProcess trainer) {
        Set<String> out = new HashSet<>();
        new TrainerClient(trainer.address()).owned().ifPresent(list -> list.forEach(s -> out.add(
                s.path("model").asText())));
        return out;
    }

    private static boolean running(ServiceProcess trainer, Set<String> models) {
        TrainerClient c = new TrainerClient(trainer.address());
        return models.stream().allMatch(m -> c.status(m).map(s -> "RUNNING".equals(s.path("state").asText()))
                .orElse(false));
    }

    /** Waits until each model's visible checkpoint covers every record of its train topic. */
    private static void awaitCovered(TestStack stack, ArtifactStore store, List<String> models, Duration timeout) {
        for (String m : models) {
            PipelineEvents.TopicRecords topic = PipelineEvents.read(stack.testBootstrapServers, Topics.train(m));
            for (Variant v : spec(m).allVariants()) { // the model's own lineage and its linear shadow's
                String lineage = Variant.lineage(m, v.name());
                Waits.until(lineage + ": a visible checkpoint covering all " + topic.records() + " records", timeout,
                        () -> store.latestCheckpoint(lineage).filter(c -> topic.coveredBy(c.offsets())));
            }
        }
    }

    private static void send(IngestClient ingest, String model, List<IngestClient.Example> emails,
            Map<String, Set<String>> accepted) throws IOException {
        Set<String> ids = accepted.computeIfAbsent(model, k -> ConcurrentHashMap.newKeySet());
        for (int i = 0; i < emails.size(); i += 50) {
            // the client retries what ingest answers while the spec or the topics are on their way (404, 503)
            IngestClient.Result r = ingest.send(model, emails.subList(i, Math.min(i + 50, emails.size())));
            assertThat(r.refused()).isEmpty();
            r.accepted().stream().filter(IngestClient.Placement::train).forEach(p -> ids.add(p.id()));
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(p.waitFor()).as("kill -" + signal + " " + pid).isZero();
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
}
