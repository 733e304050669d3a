package io.streamtune.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.client.Prediction;
import io.streamtune.client.Predictor;
import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.e2e.corpus.SpamAssassinCorpus;
import io.streamtune.e2e.report.ReportWriter;
import java.util.Optional;
import io.streamtune.e2e.stack.Waits;
import io.streamtune.contracts.Variant;
import io.streamtune.contracts.ModelFamily;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.e2e.stack.PipelineEvents;
import io.streamtune.e2e.stack.RegistryClient;
import io.streamtune.e2e.stack.StreamtuneService;
import io.streamtune.e2e.stack.StreamtuneServices;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** One run of the demo: stack, services, model, stream, and the champion at the end. */
final class DemoRun {

    /** Seeds the interleaving of ham and spam within a period, as the report does. */
    static final long CORPUS_SEED = 42L;
    /** The email the demo's last line classifies through streamtune-client. */
    static final String SAMPLE_EMAIL = "Congratulations! You have been selected for a FREE cruise. Click here to claim "
            + "your prize now";

    private final Path root;
    private final Path stackDir;
    private final int emails;
    private final boolean record;
    /** The challengers' figures of this run, once {@link #challengers} measured them. */
    private Map<String, Double> challengerFigures = Map.of();
    /**
     * A {@code --rate} run's stream goes on past the measured emails with up to this many of the corpus' next ones,
     * until a promoted model holds each measured email ({@link DemoStream}).
     */
    static final int TAIL = 400;
    /** The corpus' emails after the run's, for that; set with the stream (read after it, through its future). */
    private volatile List<LabelledText> tail = List.of();
    /** How a {@code --rate} run streams; null: the whole stream at once. */
    private final Pace pace;
    private final ModelSpec spec;
    private final DemoConsole console;

    DemoRun(Path root, Path stackDir, int emails, boolean record, Pace pace, PrintStream out, boolean shadow) {
        this.root = root;
        this.stackDir = stackDir;
        this.emails = emails;
        this.record = record;
        this.pace = pace;
        ModelSpec defaults = DemoModel.spec(pace != null);
        this.spec = shadow ? defaults : defaults.withVariants(List.of());
        this.console = new DemoConsole(out);
    }

    int run() throws IOException {
        String model = spec.name();
        // the servers and services outlive this JVM on purpose; an interrupted run says how to end them
        Thread hint = new Thread(() -> console.raw("\nThe demo stopped early; what it started keeps running. "
                + "./bin/demo picks up where it left off, ./bin/demo stop stops everything."));
        Runtime.getRuntime().addShutdownHook(hint);
        try {
            return stream(model);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hint);
            } catch (IllegalStateException shuttingDown) {
                // interrupted (Ctrl-C): the hint prints
            }
        }
    }

    private int stream(String model) throws IOException {
        console.raw("Streamtune demo: the SpamAssassin public corpus (2002 -> 2003 -> hard ham) streamed through the "
                + "four services, continual fine-tuning of all-MiniLM-L6-v2.");

        // read (and on first use fetch) the corpus while the servers start
        CompletableFuture<List<LabelledText>> corpus = CompletableFuture.supplyAsync(() -> {
            try {
                return corpus();
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
        // ready means every model it owns runs; the pool may hand it this one a few seconds later (topic discovery)
        Waits.until("the trainer running '" + model + "'", Duration.ofMinutes(5), () -> services.trainer()
                .status(model).filter(s -> "RUNNING".equals(s.path("state").asText())));
        console.line("trainer ready: it loaded all-MiniLM-L6-v2 (or its latest checkpoint) for '" + model + "'");

        Instant since = Instant.now();
        DemoWatcher watcher = new DemoWatcher(console, registry, model, since);
        try (PipelineEvents events = new PipelineEvents(endpoints.kafkaBootstrapServers(), model, watcher)) {
            List<LabelledText> stream = join(corpus);
            DemoStream run = new DemoStream(services, endpoints, events, watcher, console, spec, pace);
            JsonNode before = services.trainer().status(model).orElse(null);
            double loadAtStart = DemoStream.loadAverage();
            Map<String, Double> figures = run.run(stream, tail, before);
            finish(services, registry, model, run.last(), watcher.decision(run.last().checkpointId()), watcher);
            if (figures != null) {
                figures(figures, loadAtStart, run.loadAtEnd());
            }
        }
        return 0;
    }



    /** This run's speed: printed, kept under the stack's folder, and with --record written to docs/benchmarks. */
    private void figures(Map<String, Double> figures, double loadAtStart, double loadAtEnd) throws IOException {
        Map<String, Double> n = new LinkedHashMap<>();
        n.put("cpu_cores", (double) Runtime.getRuntime().availableProcessors());
        n.put("gpus", 0.0);
        n.put("batch_size", (double) spec.training().batchSize());
        n.put("seq_len", (double) spec.training().maxSeqLength());
        n.put("checkpoint_every_steps", (double) spec.training().checkpointEverySteps());
        n.put("checkpoint_every_s", (double) spec.training().checkpointEverySeconds());
        n.put("client_batch", (double) DemoSender.BATCH);
        n.put("load_average_start", loadAtStart);
        n.put("load_average_end", loadAtEnd);
        n.putAll(figures);
        if (pace == null) {
            console.raw(String.format(Locale.ROOT, "Speed: ingest %.0f emails/s (%.2f x Kafka's own producer beside "
                    + "it), trainer %.1f emails/s of step time, evaluation p50 %.0f s, freshness (2xx -> promotion) "
                    + "p50 %.0f s / p95 %.0f s", n.get("ingest_examples_per_s"), n.get("ingest_over_producer"),
                    n.get("trainer_examples_per_step_s"), n.get("evaluation_s_p50"), n.get("freshness_s_p50"),
                    n.get("freshness_s_p95")));
        } else {
            console.raw(String.format(Locale.ROOT, "Sustained: %.2f emails/s arrived (%.2f to train) against a "
                    + "trainer capacity of %.1f training emails per second of step time: arrival / capacity %.2f; "
                    + "evaluation p50 %.0f s; freshness (2xx -> promotion) of the emails sent at the rate p50 %.0f s "
                    + "/ p95 %.0f s", n.get("arrival_rate_per_s"), n.get("arrival_train_per_s"),
                    n.get("trainer_capacity_examples_per_s"), n.get("arrival_over_capacity"),
                    n.get("evaluation_s_p50"), n.get("freshness_s_p50"), n.get("freshness_s_p95")));
        }
        ReportWriter.writeJson(stackDir.resolve("pipeline.json"), n);
        if (record) {
            PipelineReport.write(root.resolve("docs"), n, command(), challengerFigures);
            console.raw("Recorded in docs/benchmarks/pipeline.json and the pipeline section of docs/benchmarks.md");
        }
    }

    /** The command line that reproduces this run, for the report. */
    private String command() {
        StringBuilder c = new StringBuilder("bin/demo --record");
        if (spec.variants().isEmpty()) {
            c.append(" --no-shadow");
        }
        if (emails != Integer.MAX_VALUE) {
            c.append(" --emails ").append(emails);
        }
        if (pace != null) {
            c.append(" --rate ").append(pace.auto() ? "auto" : String.format(Locale.ROOT, "%s", pace.perSecond()))
                    .append(" --warmup ").append(pace.warmup()).append(" --seed ").append(pace.seed());
        }
        return c.toString();
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

    private List<LabelledText> corpus() throws IOException {
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
        tail = List.copyOf(usable.subList(stream.size(), Math.min(usable.size(), stream.size() + TAIL)));
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


    private void finish(StreamtuneServices services, RegistryClient registry, String model, CheckpointCreated last,
            JsonNode decision, DemoWatcher watcher) throws IOException {
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
        if (champion != null) {
            console.raw(classifyThroughClient(registry.base(), model));
        }
        challengers(last, watcher);
    }

    /**
     * The challengers' last scores beside the transformer's (the model's own settings), each on its lineage's last
     * checkpoint once the evaluator scored it: what the transformer adds over the cheap baseline, and at what cost.
     * With --record the linear family's and the transformer's go into docs/benchmarks/e2e.json.
     */
    private void challengers(CheckpointCreated last, DemoWatcher watcher) throws IOException {
        CheckpointEvaluated transformer = watcher.evaluated(Variant.PRIMARY);
        if (transformer == null || spec.variants().isEmpty()) {
            return;
        }
        Map<String, Double> recorded = new LinkedHashMap<>();
        for (Variant v : spec.variants()) {
            CheckpointEvaluated e = Waits.untilOrNull(Duration.ofSeconds(90), () -> {
                watcher.pollDecisions();
                CheckpointCreated newest = watcher.latest(v.name());
                CheckpointEvaluated scored = watcher.evaluated(v.name());
                return Optional.ofNullable(scored).filter(x -> newest != null && newest.checkpointId()
                        .equals(x.checkpointId()) && newest.examplesSeen() >= last.examplesSeen());
            });
            if (e == null) {
                e = watcher.evaluated(v.name());
            }
            if (e == null) {
                console.raw("Challenger " + v.name() + " (" + v.family().wire() + "): not evaluated yet");
                continue;
            }
            CheckpointCreated ck = watcher.latest(v.name());
            double ratio = transformer.cost().cpuSecondsPer1000() / Math.max(1e-9, e.cost().cpuSecondsPer1000());
            console.raw(String.format(Locale.ROOT, "Challenger %s (%s%s): macro-F1 %.4f on %,d held-out emails after "
                    + "%,d emails, %s CPU s per 1,000 emails trained; the transformer (%s): macro-F1 %.4f after %,d, "
                    + "%s CPU s per 1,000 (%.0fx the %s's)", v.name(), v.family().wire(), v.promotable() ? ""
                    : ", shadow", e.candidate().macroF1(), e.evaluatedCount(), ck == null ? 0 : ck.examplesSeen(),
                    DemoWatcher.cost(e.cost()), DemoModel.describeShort(spec), transformer.candidate().macroF1(),
                    last.examplesSeen(), DemoWatcher.cost(transformer.cost()), ratio, v.family().wire()));
            if (v.family() == ModelFamily.LINEAR && !recorded.containsKey("demo_linear_macro_f1")) {
                recorded.put("demo_linear_macro_f1", e.candidate().macroF1());
                recorded.put("demo_linear_cpu_s_per_1000", e.cost().cpuSecondsPer1000());
                recorded.put("demo_transformer_macro_f1", transformer.candidate().macroF1());
                recorded.put("demo_transformer_cpu_s_per_1000", transformer.cost().cpuSecondsPer1000());
            }
        }
        challengerFigures = Map.copyOf(recorded);
        if (record && !recorded.isEmpty()) {
            Path json = root.resolve("docs").resolve(ReportWriter.json("e2e"));
            Map<String, Double> all = new LinkedHashMap<>(ReportWriter.readJson(json));
            all.putAll(recorded);
            ReportWriter.writeJson(json, all);
            console.raw("Recorded the linear family against the transformer in docs/benchmarks/e2e.json");
        }
    }

    /** A sample email as an app classifies it: streamtune-client, the champion's ONNX files, ONNX Runtime. */
    String classifyThroughClient(URI registry, String model) {
        Path cache = root.resolve(".cache/streamtune-client");
        try (io.streamtune.client.RegistryClient client = io.streamtune.client.RegistryClient.builder(registry)
                .cacheDir(cache).build();
                Predictor predictor = Predictor.follow(client, model, Duration.ofSeconds(30))) {
            Prediction p = predictor.predict(SAMPLE_EMAIL);
            return String.format(Locale.ROOT, "streamtune-client, champion v%d as ONNX (%s): \"%s\" -> %s %.2f",
                    p.version(), relative(cache), SAMPLE_EMAIL, p.label(), p.probability());
        } catch (IOException | TimeoutException | RuntimeException e) {
            return "streamtune-client could not classify the sample email: " + e.getMessage();
        }
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
