package io.streamtune.trainer.bench;

import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.Topics;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3ArtifactStore;
import io.streamtune.trainer.RealStreams;
import io.streamtune.trainer.TrainerRuntime;
import io.streamtune.training.Learner;
import io.streamtune.training.SettingsOverrides;
import io.streamtune.training.SyntheticTopics;
import io.streamtune.training.TrainerOptions;
import io.streamtune.training.TrainerStatus;
import io.streamtune.training.TrainingListener;
import io.streamtune.training.TrainingRow;
import io.streamtune.training.djl.ClassifierLearnerFactory;
import io.streamtune.training.replay.Rng;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The trainer's benchmark: examples/s end to end from Kafka at the default settings (top-2, 128 tokens, batch 16,
 * reservoir replay 1:1) against the same learner's raw step throughput measured in the same run (16 new + 16
 * replayed rows, no Kafka, no checkpoints); the time shares of the training thread; checkpoint write time; and RSS
 * over a long run (head mode, 32 tokens, so 2,000 steps fit in minutes). Real Kafka and S3 (local-stack).
 *
 * <p>{@code ./mvnw -B -pl trainer-service -am install -DskipTests && ./mvnw -B -pl trainer-service verify -Pbench
 * -DskipTests} writes {@code docs/benchmarks/trainer.json} and the {@code ## trainer-service} section of
 * {@code docs/benchmarks.md}. {@code -Dbench.steps}, {@code -Dbench.refSteps}, {@code -Dbench.soakSteps} change the
 * counts.
 */
public final class TrainerBenchmark {

    static final List<String> LABELS = List.of("football", "tennis", "basketball", "golf");
    static final int BATCH = 16;
    /** Steps between checkpoints in the end-to-end run (default 100): a few fall inside the timed steps. */
    static final int CHECKPOINT_EVERY = 8;

    private final Map<String, Number> out = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        Path json = Path.of(args[0]);
        Path md = Path.of(args[1]);
        TrainerBenchmark b = new TrainerBenchmark();
        b.run(Integer.getInteger("bench.steps", 24), Integer.getInteger("bench.refSteps", 4),
                Integer.getInteger("bench.soakSteps", 2000));
        b.write(json, md);
        System.exit(0);
    }

    void run(int steps, int refSteps, int soakSteps) throws Exception {
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("load_avg_start", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2));
        out.put("batch_size", BATCH);
        out.put("max_seq_length", 128);
        out.put("replay_ratio", 1.0);
        Path work = Files.createTempDirectory("trainer-bench");
        TrainerOptions base = TrainerOptions.defaults(List.of("x"), work).withDevice("cpu");
        reference(base, refSteps);
        try (ArtifactStore store = new S3ArtifactStore(RealStreams.freshBuckets())) {
            endToEnd(base, store, steps);
            soak(base, store, soakSteps);
        }
        out.put("load_avg_end", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2));
    }

    /** Raw learner steps: 16 new texts through the frozen prefix plus 16 replayed prefix outputs, top-2 + head. */
    private void reference(TrainerOptions base, int refSteps) throws IOException {
        ModelSpec spec = ModelSpec.of("bench-ref", LabelSet.closed(LABELS.toArray(String[]::new)));
        Rng rng = new Rng(5);
        List<byte[]> replay = new ArrayList<>();
        List<Integer> replayLabels = new ArrayList<>();
        long total = 0;
        try (Learner l = new ClassifierLearnerFactory(base).create(spec, spec.training(), LABELS)) {
            for (int s = 0; s < refSteps + 2; s++) {
                List<TrainingRow> rows = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    int label = rng.nextInt(LABELS.size());
                    rows.add(TrainingRow.text(longText(LABELS.get(label), rng), label, 1f));
                }
                for (int i = 0; i < Math.min(BATCH, replay.size()); i++) {
                    int j = rng.nextInt(replay.size());
                    rows.add(new TrainingRow(null, replay.get(j), replayLabels.get(j), 1f, null, 0f));
                }
                long t0 = System.nanoTime();
                var outcome = l.step(rows);
                long took = System.nanoTime() - t0;
                for (int i = 0; i < BATCH; i++) {
                    replay.add(outcome.features().get(i));
                    replayLabels.add(rows.get(i).label());
                }
                if (s >= 2) {
                    total += took;
                }
                System.out.printf("reference step %d: %d ms%n", s, took / 1_000_000);
            }
            // what computing each new text's prefix alone (so a checkpoint can keep its tokens) costs against the
            // padded chunks of 8 the evaluator uses: the same 16 texts, alternately, 3 times each
            var classifier = ((io.streamtune.training.djl.ClassifierLearner) l).trainer().classifier();
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                texts.add(longText(LABELS.get(rng.nextInt(LABELS.size())), rng));
            }
            long alone = 0;
            long batched = 0;
            for (int r = 0; r < 3; r++) {
                long a0 = System.nanoTime();
                classifier.inference().prefixAlone(texts);
                long a1 = System.nanoTime();
                classifier.inference().prefix(texts);
                long a2 = System.nanoTime();
                alone += a1 - a0;
                batched += a2 - a1;
            }
            out.put("prefix_alone_ms_per_batch", round(alone / 3e6, 1));
            out.put("prefix_batched_ms_per_batch", round(batched / 3e6, 1));
            out.put("prefix_alone_over_batched", round((double) alone / batched, 3));
        }
        double stepMs = total / 1e6 / refSteps;
        out.put("ref_steps", refSteps);
        out.put("ref_step_ms", round(stepMs, 1));
        out.put("ref_examples_per_s", round(BATCH * 1000 / stepMs, 2));
    }

    /** The service's loop at the default settings, from a pre-filled 3-partition topic. */
    private void endToEnd(TrainerOptions base, ArtifactStore store, int steps) throws Exception {
        String model = RealStreams.freshModel("bench");
        RealStreams.createTopic(Topics.train(model), 3);
        RealStreams.publishSpec(ModelSpec.of(model, LabelSet.closed(LABELS.toArray(String[]::new))));
        Rng rng = new Rng(9);
        List<LabelledExample> examples = new ArrayList<>();
        for (int i = 0; i < steps * BATCH; i++) {
            String label = LABELS.get(rng.nextInt(LABELS.size()));
            examples.add(LabelledExample.of("b-" + i, model, longText(label, rng), label, "app-" + rng.nextInt(4)));
        }
        RealStreams.produce(model, examples);
        // the default settings but a checkpoint every CHECKPOINT_EVERY steps, so that some fall inside the timed run
        SettingsOverrides o = base.overrides();
        SettingsOverrides everyFew = new SettingsOverrides(o.fineTuneMode(), o.topK(), o.batchSize(),
                o.maxWaitMillis(), o.learningRate(), o.headLearningRate(), o.warmupSteps(), o.maxSeqLength(),
                o.maxWindows(), o.replay(), o.replayCapacity(), o.replayRatio(), o.maxSourceShare(),
                java.util.Optional.of(CHECKPOINT_EVERY), o.checkpointEverySeconds());
        TrainerOptions options = base.toBuilder().models(List.of(model)).device("cpu")
                .workDir(base.workDir().resolve(model)).groupId("g-" + model).overrides(everyFew).build();
        TrainerRuntime runtime = new TrainerRuntime(options, RealStreams.bootstrap(), store,
                new ClassifierLearnerFactory(options), TrainingListener.NONE);
        RssSampler rss = new RssSampler();
        runtime.start();
        waitFor(() -> runtime.status(model).map(s -> s.step() >= 1).orElse(false), Duration.ofMinutes(10));
        TrainerStatus first = runtime.status(model).orElseThrow();
        long idle0 = runtime.scheduler().idleNanos();
        long t0 = System.nanoTime();
        long rss0 = rss.sample();
        waitFor(() -> runtime.status(model).map(s -> s.examplesSeen() >= (long) steps * BATCH).orElse(false),
                Duration.ofHours(2));
        long wall = System.nanoTime() - t0;
        TrainerStatus last = runtime.status(model).orElseThrow();
        long idle = runtime.scheduler().idleNanos() - idle0;
        long rss1 = rss.sample();
        long s0 = System.nanoTime();
        runtime.stop(Duration.ofMinutes(5));
        long stopNanos = System.nanoTime() - s0;
        rss.close();
        CheckpointManifest manifest = store.latestCheckpoint(model).orElseThrow();
        long bytes = manifest.files().stream().mapToLong(CheckpointManifest.FileEntry::size).sum();
        double stepShare = (last.stepNanos() - first.stepNanos()) / (double) wall;
        double ckptShare = (last.checkpointNanos() - first.checkpointNanos()) / (double) wall;
        double idleShare = idle / (double) wall;
        double e2e = (last.examplesSeen() - first.examplesSeen()) / (wall / 1e9);
        out.put("e2e_steps", last.step() - first.step());
        out.put("e2e_examples_per_s", round(e2e, 2));
        out.put("e2e_vs_ref_ratio", round(e2e / out.get("ref_examples_per_s").doubleValue(), 3));
        out.put("share_training_step", round(stepShare, 3));
        out.put("share_checkpoint_io", round(ckptShare, 3));
        out.put("share_waiting_for_batches", round(idleShare, 3));
        out.put("share_other", round(1 - stepShare - ckptShare - idleShare, 3));
        out.put("checkpoints_during_run", last.checkpoints() - first.checkpoints());
        out.put("checkpoint_write_ms_mean", round(last.checkpoints() == 0 ? Double.NaN
                : last.checkpointNanos() / 1e6 / last.checkpoints(), 0));
        out.put("final_checkpoint_stop_ms", round(stopNanos / 1e6, 0));
        out.put("checkpoint_mb", round(bytes / 1e6, 1));
        out.put("replay_buffer_mb", round(manifest.replay().bytes() / 1e6, 2));
        // where the bytes are: the tuned weights, their AdamW moments (8-bit), the replay buffer (items' token ids)
        long weights = fileSize(manifest, "model/weights.safetensors");
        long optimizer = fileSize(manifest, "model/optimizer.safetensors");
        long replayFile = fileSize(manifest, "replay.bin");
        out.put("checkpoint_weights_mb", round(weights / 1e6, 1));
        out.put("checkpoint_optimizer_mb", round(optimizer / 1e6, 1));
        out.put("checkpoint_replay_mb", round(replayFile / 1e6, 1));
        out.put("checkpoint_other_mb", round((bytes - weights - optimizer - replayFile) / 1e6, 2));
        out.put("checkpoint_replay_items", manifest.replay().size());
        out.put("checkpoint_replay_capacity", manifest.replay().capacity());
        // the same checkpoint once the buffer is full (the replay file grows linearly with its items)
        out.put("checkpoint_mb_at_replay_capacity", round((bytes - replayFile
                + (double) replayFile / Math.max(1, manifest.replay().size()) * manifest.replay().capacity()) / 1e6,
                1));
        // a restore: the learner from its files, then the buffer, whose prefix outputs are computed again
        Path restored = Files.createTempDirectory("trainer-bench-restore");
        store.downloadCheckpoint(model, manifest.checkpointId(), restored);
        ModelSpec spec = ModelSpec.of(model, LabelSet.closed(LABELS.toArray(String[]::new)));
        long r0 = System.nanoTime();
        try (Learner l = new ClassifierLearnerFactory(options).restore(spec, spec.training(),
                restored.resolve(io.streamtune.training.CheckpointState.MODEL_DIR))) {
            long r1 = System.nanoTime();
            var replay = io.streamtune.training.replay.ReplayCodec.read(
                    restored.resolve(io.streamtune.training.CheckpointState.REPLAY_FILE), l.storedFeatures());
            long r2 = System.nanoTime();
            int items = replay.items().size();
            out.put("restore_learner_ms", round((r1 - r0) / 1e6, 0));
            out.put("restore_replay_ms", round((r2 - r1) / 1e6, 0));
            out.put("restore_replay_ms_per_item", round((r2 - r1) / 1e6 / Math.max(1, items), 2));
            out.put("restore_replay_s_at_capacity", round((r2 - r1) / 1e9 / Math.max(1, items)
                    * manifest.replay().capacity(), 1));
        }
        out.put("e2e_rss_mb_start", rss0 / 1024);
        out.put("e2e_rss_mb_end", rss1 / 1024);
        out.put("e2e_rss_mb_max", rss.max() / 1024);
    }

    private static long fileSize(CheckpointManifest manifest, String path) {
        return manifest.files().stream().filter(f -> f.path().equals(path)).mapToLong(CheckpointManifest.FileEntry::size)
                .sum();
    }

    /** RSS over many steps of a cheap configuration (head mode, 32 tokens), from Kafka with checkpoints. */
    private void soak(TrainerOptions base, ArtifactStore store, int soakSteps) throws Exception {
        String model = RealStreams.freshModel("soak");
        RealStreams.createTopic(Topics.train(model), 3);
        TrainingSettings s = new TrainingSettings(FineTuneMode.HEAD, 0, BATCH, 0, 0, 0, 0, 32, 1,
                ReplayStrategy.RESERVOIR, 0, 1.0, 0, 500, 3600);
        RealStreams.publishSpec(new ModelSpec(null, 0, null, model, LabelSet.closed(LABELS.toArray(String[]::new)),
                null, 0, 0, 0, s, null));
        Rng rng = new Rng(13);
        List<LabelledExample> batch = new ArrayList<>();
        for (int i = 0; i < soakSteps * BATCH; i++) {
            String label = LABELS.get(rng.nextInt(LABELS.size()));
            batch.add(LabelledExample.of("s-" + i, model, SyntheticTopics.sentence(label, rng), label, "app"));
            if (batch.size() == 4_000) {
                RealStreams.produce(model, batch);
                batch.clear();
            }
        }
        RealStreams.produce(model, batch);
        // the default settings but a checkpoint every CHECKPOINT_EVERY steps, so that some fall inside the timed run
        SettingsOverrides o = base.overrides();
        SettingsOverrides everyFew = new SettingsOverrides(o.fineTuneMode(), o.topK(), o.batchSize(),
                o.maxWaitMillis(), o.learningRate(), o.headLearningRate(), o.warmupSteps(), o.maxSeqLength(),
                o.maxWindows(), o.replay(), o.replayCapacity(), o.replayRatio(), o.maxSourceShare(),
                java.util.Optional.of(CHECKPOINT_EVERY), o.checkpointEverySeconds());
        TrainerOptions options = base.toBuilder().models(List.of(model)).device("cpu")
                .workDir(base.workDir().resolve(model)).groupId("g-" + model).overrides(everyFew).build();
        TrainerRuntime runtime = new TrainerRuntime(options, RealStreams.bootstrap(), store,
                new ClassifierLearnerFactory(options), TrainingListener.NONE);
        RssSampler rss = new RssSampler();
        runtime.start();
        waitFor(() -> runtime.status(model).map(x -> x.step() >= 100).orElse(false), Duration.ofMinutes(10));
        long rssAt100 = rss.sample();
        long t0 = System.nanoTime();
        long step0 = runtime.status(model).orElseThrow().step();
        long[] marks = new long[4];
        for (int q = 1; q <= 4; q++) {
            long target = (long) soakSteps * q / 4;
            waitFor(() -> runtime.status(model).map(x -> x.step() >= target).orElse(false), Duration.ofHours(2));
            marks[q - 1] = rss.sample();
            System.out.printf("soak: step %d, RSS %d MB%n", target, marks[q - 1] / 1024);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        long steps = runtime.status(model).orElseThrow().step() - step0;
        runtime.stop(Duration.ofMinutes(5));
        rss.close();
        out.put("soak_steps", soakSteps);
        out.put("soak_max_seq_length", 32);
        out.put("soak_examples_per_s", round(steps * BATCH / wall, 1));
        out.put("soak_rss_mb_at_step_100", rssAt100 / 1024);
        out.put("soak_rss_mb_at_half", marks[1] / 1024);
        out.put("soak_rss_mb_end", marks[3] / 1024);
        out.put("soak_rss_mb_max", rss.max() / 1024);
        out.put("soak_rss_growth_mb_per_1000_steps_second_half",
                round((marks[3] - marks[1]) / 1024.0 / (soakSteps / 2.0) * 1000, 1));
    }

    private static String longText(String topic, Rng rng) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            b.append(SyntheticTopics.sentence(topic, rng)).append(' ');
        }
        return b.toString().trim();
    }

    private static void waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark condition not met within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    void write(Path json, Path md) throws IOException {
        StringBuilder j = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Number> e : out.entrySet()) {
            j.append("  \"").append(e.getKey()).append("\": ").append(e.getValue())
                    .append(++i < out.size() ? ",\n" : "\n");
        }
        j.append("}\n");
        Files.createDirectories(json.getParent());
        Files.writeString(json, j.toString());
        System.out.print(j);
        BenchmarkReport.writeSection(md, "trainer-service", section());
    }

    private String section() {
        Map<String, Number> o = out;
        return String.format(Locale.ROOT, """
                `./mvnw -B -pl trainer-service -am install -DskipTests && ./mvnw -B -pl trainer-service verify -Pbench \
                -DskipTests` → `docs/benchmarks/trainer.json` (%s). Machine: %s cores, no GPU (CPU, PyTorch 2.7.1 \
                via DJL), shared with other builds: load average %s at the start, %s at the end. Real Kafka broker \
                and S3Proxy (local-stack, child JVMs on the same cores).

                Settings: the defaults (`top-k`, k = 2, batch %s new + %s replayed (reservoir, ratio 1:1, capacity \
                2,000), max length %s tokens, 1 window, texts of ~110–130 wordpieces; checkpoints every %s steps \
                here, so that some fall inside the timed run (default: 100 steps or 30 s, or 5 s after the last step \
                of a quiet stream). Reference: the same learner's raw training step on 16 new texts + 16 replayed prefix outputs, \
                no Kafka, no checkpoint, measured in the same run (%s steps after 2 warm-up steps).

                | figure | value |
                |---|---|
                | reference: raw step | %s ms → **%s new examples/s** |
                | end to end from Kafka (%s steps) | **%s examples/s** = **%s × reference** |
                | training thread's time: step / checkpoint I/O / waiting for batches / other | %s / %s / %s / %s |
                | checkpoint write (files + upload + manifest + announcement), mean of %s during the run | %s ms |
                | checkpoint size (a delta: the frozen base is stored once per encoder, by its SHA-256) | **%s MB**: \
                tuned weights %s + AdamW moments %s + replay buffer %s (%s of %s items) + the rest %s |
                | the same checkpoint once the replay buffer is full | %s MB |
                | restore: learner from its files / replay buffer (prefix outputs computed again, %s ms an item) | \
                %s / %s ms; %s s for a full buffer |
                | a batch's prefix outputs, each text alone (what the trainer does) / in padded chunks of 8 | \
                %s / %s ms = **%s ×** |
                | graceful stop (the final checkpoint included) | %s ms |
                | RSS during the run: start / end / max | %s / %s / %s MB |
                | long run, head mode, 32 tokens, %s steps from Kafka (%s examples/s): RSS at step 100 / half / end \
                / max | %s / %s / %s / %s MB; growth in the second half %s MB per 1,000 steps |

                The loop's overhead over the raw step (Kafka, decoding, batching, replay sampling, checkpoints) is \
                what separates the two throughputs; the step itself (frozen prefix for new texts, top-2 + head \
                forward/backward over 32 rows, AdamW) dominates on 2 cores. A checkpoint holds only what it cannot \
                compute again: the top-2 layers and the head (fp32, 3.5 M parameters, 14 MB); their two AdamW moments \
                in one byte a value (block-wise 8-bit codes with a float32 scale per 256 values, 7 MB instead of 28; \
                the trainer goes on from the decoded moments, so a resume stays exact); and the replay buffer's items \
                as token ids and labels: in memory an item keeps the frozen prefix's outputs (fp16, up to 128 × 384 \
                values) so that a replayed row skips the prefix, and since the trainer computes them per text alone \
                they are a function of the tokens, computed again, bit for bit, on restore. RSS \
                was sampled from /proc/self/status of the one JVM that runs the trainer (Kafka and \
                S3 run in their own JVMs).
                """, LocalDate.now(), o.get("cores"), o.get("load_avg_start"), o.get("load_avg_end"), BATCH, BATCH,
                o.get("max_seq_length"), CHECKPOINT_EVERY, o.get("ref_steps"), o.get("ref_step_ms"), o.get("ref_examples_per_s"),
                o.get("e2e_steps"), o.get("e2e_examples_per_s"), o.get("e2e_vs_ref_ratio"),
                o.get("share_training_step"), o.get("share_checkpoint_io"), o.get("share_waiting_for_batches"),
                o.get("share_other"), o.get("checkpoints_during_run"), o.get("checkpoint_write_ms_mean"),
                o.get("checkpoint_mb"), o.get("checkpoint_weights_mb"), o.get("checkpoint_optimizer_mb"),
                o.get("checkpoint_replay_mb"), o.get("checkpoint_replay_items"), o.get("checkpoint_replay_capacity"),
                o.get("checkpoint_other_mb"), o.get("checkpoint_mb_at_replay_capacity"),
                o.get("restore_replay_ms_per_item"), o.get("restore_learner_ms"), o.get("restore_replay_ms"),
                o.get("restore_replay_s_at_capacity"), o.get("prefix_alone_ms_per_batch"),
                o.get("prefix_batched_ms_per_batch"), o.get("prefix_alone_over_batched"),
                o.get("final_checkpoint_stop_ms"),
                o.get("e2e_rss_mb_start"), o.get("e2e_rss_mb_end"), o.get("e2e_rss_mb_max"), o.get("soak_steps"),
                o.get("soak_examples_per_s"), o.get("soak_rss_mb_at_step_100"), o.get("soak_rss_mb_at_half"),
                o.get("soak_rss_mb_end"), o.get("soak_rss_mb_max"),
                o.get("soak_rss_growth_mb_per_1000_steps_second_half"));
    }
}
