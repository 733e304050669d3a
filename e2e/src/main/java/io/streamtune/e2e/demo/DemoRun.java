package io.streamtune.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.e2e.corpus.SpamAssassinCorpus;
import io.streamtune.e2e.report.ReportWriter;
import io.streamtune.e2e.stack.IngestClient;
import io.streamtune.e2e.stack.PipelineEvents;
import io.streamtune.e2e.stack.RegistryClient;
import io.streamtune.e2e.stack.ServiceProcess;
import io.streamtune.e2e.stack.StreamtuneService;
import io.streamtune.e2e.stack.StreamtuneServices;
import io.streamtune.e2e.stack.TrainerClient;
import io.streamtune.e2e.stack.Waits;
import io.streamtune.localstack.StackEndpoints;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import me.tongfei.progressbar.ProgressBar;

/** One run of the demo: stack, services, model, stream, and the champion at the end. */
final class DemoRun {

    /** Seeds the interleaving of ham and spam within a period, as the report does. */
    static final long CORPUS_SEED = 42L;
    static final int BATCH = 50;
    /** The demo gives up when nothing happened in the pipeline for this long. */
    static final Duration STALL = Duration.ofMinutes(15);

    private final Path root;
    private final Path stackDir;
    private final int emails;
    private final boolean record;
    private final DemoConsole console;
    /** This run's training emails as ingest acknowledged them, for the freshness figures. */
    private final List<PipelineFigures.Acked> acked = new ArrayList<>();
    private Instant sendStart;
    private double sendSeconds;
    private long acceptedThisRun;

    DemoRun(Path root, Path stackDir, int emails, boolean record, PrintStream out) {
        this.root = root;
        this.stackDir = stackDir;
        this.emails = emails;
        this.record = record;
        this.console = new DemoConsole(out);
    }

    int run() throws IOException {
        ModelSpec spec = DemoModel.spec();
        String model = spec.name();
        // the servers and services outlive this JVM on purpose; an interrupted run says how to end them
        Thread hint = new Thread(() -> console.raw("\nThe demo stopped early; what it started keeps running. "
                + "./bin/demo picks up where it left off, ./bin/demo stop stops everything."));
        Runtime.getRuntime().addShutdownHook(hint);
        try {
            return stream(spec, model);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hint);
            } catch (IllegalStateException shuttingDown) {
                // interrupted (Ctrl-C): the hint prints
            }
        }
    }

    private int stream(ModelSpec spec, String model) throws IOException {
        console.raw("Streamtune demo: the SpamAssassin public corpus (2002 -> 2003 -> hard ham) streamed through the "
                + "four services, continual fine-tuning of all-MiniLM-L6-v2.");

        // read (and on first use fetch) the corpus while the servers start
        CompletableFuture<List<LabelledText>> corpus = CompletableFuture.supplyAsync(() -> {
            try {
                return corpus(spec);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        console.line("local stack: Kafka (KRaft) and S3Proxy on 127.0.0.1, data in " + relative(stackDir));
        StackEndpoints endpoints = Demo.stack(stackDir).start(console.stream());

        console.line("services: ingest, trainer, evaluator, registry (logs under " + relative(stackDir.resolve(
                "services")) + ")");
        StreamtuneServices services = Demo.services(stackDir, endpoints);
        services.startAll(console.stream());

        RegistryClient registry = services.registry();
        int status = registry.define(spec);
        console.line("model '" + model + "' " + (status == 201 ? "registered" : "updated") + ": "
                + DemoModel.describe(spec));
        services.process(StreamtuneService.TRAINER).awaitReady(Duration.ofMinutes(5));
        console.line("trainer ready: it loaded all-MiniLM-L6-v2 (or its latest checkpoint) for '" + model + "'");

        Instant since = Instant.now();
        DemoWatcher watcher = new DemoWatcher(console, registry, model, since);
        try (PipelineEvents events = new PipelineEvents(endpoints.kafkaBootstrapServers(), model, watcher)) {
            List<LabelledText> stream = join(corpus);
            JsonNode before = services.trainer().status(model).orElse(null);
            double loadAtStart = loadAverage();
            long sent = send(services.ingest(), endpoints, model, stream);
            long trainTotal = PipelineEvents.count(endpoints.kafkaBootstrapServers(), Topics.train(model));
            console.line(String.format("%,d emails in the stream (%,d for training, the rest held out); waiting "
                    + "for the trainer to catch up", sent, trainTotal));
            CheckpointCreated last = awaitEnd(services, watcher, trainTotal);
            JsonNode after = services.trainer().status(model).orElse(null);
            double loadAtEnd = loadAverage();
            finish(services, registry, model, last, watcher.decision(last.checkpointId()));
            figures(endpoints, model, spec, events, before, after, loadAtStart, loadAtEnd);
        }
        return 0;
    }

    /** This run's speed: printed, kept under the stack's folder, and with --record written to docs/benchmarks. */
    private void figures(StackEndpoints endpoints, String model, ModelSpec spec, PipelineEvents events,
            JsonNode before, JsonNode after, double loadAtStart, double loadAtEnd) throws IOException {
        if (acceptedThisRun == 0 || before == null || after == null) {
            return; // an earlier run sent the stream: its timings are not this run's to report
        }
        double reference;
        try {
            reference = ReferenceProducer.measure(endpoints.kafkaBootstrapServers(), model, BATCH, 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        var trainer = new PipelineFigures.TrainerTimes(before.path("examplesSeen").asLong(),
                after.path("examplesSeen").asLong(), before.path("stepNanos").asLong(),
                after.path("stepNanos").asLong());
        Map<String, Double> n = new java.util.LinkedHashMap<>();
        n.put("cpu_cores", (double) Runtime.getRuntime().availableProcessors());
        n.put("gpus", 0.0);
        n.put("batch_size", (double) spec.training().batchSize());
        n.put("seq_len", (double) spec.training().maxSeqLength());
        n.put("client_batch", (double) BATCH);
        n.put("load_average_start", loadAtStart);
        n.put("load_average_end", loadAtEnd);
        n.putAll(PipelineFigures.compute(acked, sendStart, sendSeconds, acceptedThisRun, reference, trainer,
                events.checkpoints(), events.evaluations(), events.promotions()));
        console.raw(String.format(java.util.Locale.ROOT, "Speed: ingest %.0f emails/s (%.2f x Kafka's own producer "
                + "beside it), trainer %.1f emails/s of step time, evaluation p50 %.0f s, freshness (2xx -> "
                + "promotion) p50 %.0f s / p95 %.0f s", n.get("ingest_examples_per_s"), n.get("ingest_over_producer"),
                n.get("trainer_examples_per_step_s"), n.get("evaluation_s_p50"), n.get("freshness_s_p50"),
                n.get("freshness_s_p95")));
        ReportWriter.writeJson(stackDir.resolve("pipeline.json"), n);
        if (record) {
            String command = "bin/demo --record" + (emails == Integer.MAX_VALUE ? "" : " --emails " + emails);
            PipelineReport.write(root.resolve("docs"), n, command);
            console.raw("Recorded in docs/benchmarks/pipeline.json and the pipeline section of docs/benchmarks.md");
        }
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static List<LabelledText> join(CompletableFuture<List<LabelledText>> corpus) throws IOException {
        try {
            return corpus.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private List<LabelledText> corpus(ModelSpec spec) throws IOException {
        long t0 = System.nanoTime();
        List<LabelledText> all = SpamAssassinCorpus.load(root.resolve(".cache/corpora"), CORPUS_SEED);
        List<LabelledText> usable = new ArrayList<>();
        for (LabelledText t : all) {
            if (!t.text().isBlank()) {
                String text = t.text().length() > spec.maxTextChars() ? t.text().substring(0, spec.maxTextChars())
                        : t.text();
                usable.add(new LabelledText(t.id(), text, t.label(), t.group(), t.period(), t.eventTime()));
            }
        }
        List<LabelledText> stream = usable.subList(0, Math.min(emails, usable.size()));
        console.line(String.format("corpus: %,d emails read in %.1f s (%,d in this run: %s)", usable.size(),
                (System.nanoTime() - t0) / 1e9, stream.size(), periods(stream)));
        return stream;
    }

    private static String periods(List<LabelledText> stream) {
        Map<String, Long> n = new java.util.LinkedHashMap<>();
        stream.forEach(t -> n.merge(t.period(), 1L, Long::sum));
        List<String> parts = new ArrayList<>();
        n.forEach((p, c) -> parts.add(String.format("%,d from %s", c, p)));
        return String.join(", ", parts);
    }

    /**
     * Sends the stream in time order, in batches, from where an earlier run stopped: what is already in the model's
     * topics is not sent again (ingest writes every accepted email to exactly one of them).
     */
    private long send(IngestClient ingest, StackEndpoints endpoints, String model, List<LabelledText> stream)
            throws IOException {
        String kafka = endpoints.kafkaBootstrapServers();
        long already = PipelineEvents.count(kafka, Topics.train(model)) + PipelineEvents.count(kafka,
                Topics.heldout(model));
        if (already >= stream.size()) {
            console.line(String.format("ingest: the first %,d emails were sent by an earlier run; nothing to send",
                    stream.size()));
            return already;
        }
        if (already > 0) {
            console.line(String.format("ingest: %,d emails were sent by an earlier run; going on from there",
                    already));
        }
        long accepted = 0;
        long train = 0;
        int refused = 0;
        ProgressBar bar = console.bar("Sending", stream.size(), " emails");
        bar.stepTo(already);
        sendStart = Instant.now();
        long t0 = System.nanoTime();
        try {
            for (int i = (int) already; i < stream.size(); i += BATCH) {
                List<IngestClient.Example> batch = new ArrayList<>();
                for (LabelledText t : stream.subList(i, Math.min(i + BATCH, stream.size()))) {
                    batch.add(new IngestClient.Example(t.id(), t.text(), t.label(), t.eventTime(),
                            Map.of("group", t.group(), "period", t.period())));
                }
                IngestClient.Result r = ingest.send(model, batch);
                Instant at = Instant.now();
                for (IngestClient.Placement placed : r.accepted()) {
                    if (placed.train()) {
                        acked.add(new PipelineFigures.Acked(placed.partition(), placed.offset(), at));
                    }
                }
                accepted += r.accepted().size();
                train += r.accepted().stream().filter(IngestClient.Placement::train).count();
                for (IngestClient.Refused x : r.refused()) {
                    refused++;
                    console.line("ingest refused " + x.example().id() + ": " + x.reason());
                }
                bar.stepBy(batch.size());
                bar.setExtraMessage(String.format(" %,d to train", train));
            }
        } finally {
            console.closeBar();
        }
        sendSeconds = (System.nanoTime() - t0) / 1e9;
        acceptedThisRun = accepted;
        console.line(String.format("ingest: %,d emails accepted (%,d train, %,d held out)%s", accepted, train,
                accepted - train, refused == 0 ? "" : ", " + refused + " refused"));
        return already + accepted;
    }

    /**
     * Waits until the trainer has checkpointed the whole train topic and the registry has decided on that
     * checkpoint, printing what happens; a bar follows the trained share.
     */
    private CheckpointCreated awaitEnd(StreamtuneServices services, DemoWatcher watcher, long trainTotal) {
        TrainerClient trainer = services.trainer();
        boolean toldAboutTail = false;
        ProgressBar bar = console.bar("Training", trainTotal, " emails");
        try {
            while (true) {
                watcher.pollDecisions();
                CheckpointCreated latest = watcher.latest();
                long covered = latest == null ? 0 : latest.offsets().values().stream().mapToLong(Long::longValue)
                        .sum();
                long trained = covered;
                JsonNode status = trainer.status(DemoModel.NAME).orElse(null);
                if (status != null) {
                    trained = Math.max(covered, TrainerClient.position(status));
                    bar.setExtraMessage(String.format(" step %d loss %.3f", status.path("step").asLong(),
                            status.path("lastLoss").asDouble(Double.NaN)));
                }
                bar.stepTo(Math.min(trained, trainTotal));
                if (trained >= trainTotal && covered < trainTotal && !toldAboutTail) {
                    toldAboutTail = true;
                    console.line(String.format("trainer    has taken all %,d; the last %,d go into the next checkpoint "
                            + "(every %d steps or %d s)", trainTotal, trainTotal - covered,
                            DemoModel.spec().training().checkpointEverySteps(),
                            DemoModel.spec().training().checkpointEverySeconds()));
                }
                if (latest != null && covered >= trainTotal && watcher.decision(latest.checkpointId()) != null) {
                    return latest;
                }
                for (StreamtuneService s : StreamtuneService.values()) {
                    ServiceProcess p = services.process(s);
                    if (p.running().isEmpty()) {
                        throw new IllegalStateException(s.shortName() + " is not running any more. Last lines of "
                                + p.logFile() + ":\n" + p.logTail());
                    }
                }
                if (watcher.secondsSinceActivity() > STALL.toSeconds()) {
                    throw new IllegalStateException("Nothing happened in the pipeline for " + STALL.toMinutes()
                            + " minutes (trained up to " + covered + " of " + trainTotal + ").");
                }
                Waits.sleep(Duration.ofSeconds(2));
            }
        } finally {
            console.closeBar();
        }
    }

    private void finish(StreamtuneServices services, RegistryClient registry, String model, CheckpointCreated last,
            JsonNode decision) throws IOException {
        console.line("the trainer has trained on the whole stream; its last checkpoint " + last.checkpointId()
                + " was " + decision.path("outcome").asText().toLowerCase(java.util.Locale.ROOT));
        JsonNode champion = registry.champion(model).orElse(null);
        console.raw("");
        if (champion == null) {
            console.raw("No champion: no checkpoint passed the promotion gates (see the decisions: "
                    + registry.base().resolve("api/v1/models/" + model + "/decisions") + ").");
        } else {
            int version = champion.path("version").asInt();
            JsonNode metrics = champion.path("metrics");
            console.raw(String.format("Champion: %s v%d (checkpoint %s, step %,d, %,d emails trained)", model,
                    version, champion.path("checkpointId").asText(), champion.path("lineage").path("step").asLong(),
                    champion.path("lineage").path("examplesSeen").asLong()));
            console.raw(String.format("  macro-F1 %.4f, accuracy %.4f on %,d held-out emails (snapshot %s)",
                    metrics.path("macroF1").asDouble(), metrics.path("accuracy").asDouble(),
                    metrics.path("count").asInt(), champion.path("heldoutSnapshotId").asText()));
            URI download = registry.downloadUrl(model, version);
            console.raw("  download: curl -L -o " + model + "-v" + version + ".zip " + download);
            console.raw("  " + verifyDownload(registry, model, version, champion.path("download")));
        }
        console.raw("");
        console.raw("The stack keeps running:");
        console.raw("  champion    curl " + registry.base().resolve("api/v1/models/" + model + "/champion"));
        console.raw("  decisions   curl " + registry.base().resolve("api/v1/models/" + model + "/decisions"));
        console.raw("  dashboard   " + registry.base());
        console.raw("  send more   curl -H 'Authorization: Bearer demo-key' -H 'Content-Type: application/json' "
                + "-d '[{\"text\":\"Win a free cruise now!\",\"label\":\"spam\"}]' "
                + services.url(StreamtuneService.INGEST) + "/api/v1/models/" + model + "/examples");
        console.raw("  API docs    " + services.url(StreamtuneService.REGISTRY) + "/q/swagger-ui (and :8081, :8082, "
                + ":8083)");
        console.raw(String.format("Demo done in %d:%02d. Stop everything with: ./bin/demo stop",
                console.elapsedSeconds() / 60, console.elapsedSeconds() % 60));
    }

    /** Follows the download as an app would and checks the bytes against the SHA-256 the registry gave. */
    private static String verifyDownload(RegistryClient registry, String model, int version, JsonNode download) {
        try {
            byte[] bytes = RegistryClient.fetch(registry.presigned(model, version));
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            String expected = download.path("sha256").asText("");
            return sha.equals(expected)
                    ? String.format("downloaded and verified: %,d bytes, SHA-256 %s", bytes.length, sha)
                    : "download checked: " + bytes.length + " bytes, SHA-256 " + sha + " (registry said " + expected
                    + ")";
        } catch (IOException | RuntimeException | NoSuchAlgorithmException e) {
            return "download not checked: " + e.getMessage();
        }
    }

    private static Path relative(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path) : path;
    }
}
