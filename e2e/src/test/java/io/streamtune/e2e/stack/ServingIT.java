package io.streamtune.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.client.ModelVersion;
import io.streamtune.client.Prediction;
import io.streamtune.client.Predictor;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.PromotionPolicy;
import io.streamtune.e2e.report.ReportWriter;
import io.streamtune.model.DeviceChoice;
import io.streamtune.model.checkpoint.CheckpointIO;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.training.linear.LinearHalf;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app on the champion through {@code streamtune-client}: a {@link Predictor} follows the registry of a running
 * pipeline while four threads predict in a loop and the champion changes at least twice (a promotion of the training
 * that goes on, then an admin's rollback). No prediction fails, each names a version that was champion, and the
 * predictor serves each new champion within 5 s of its move (or one that superseded it). The model has a linear half:
 * the version's ONNX export, written by the registry from a delta checkpoint, with the linear half's serving file,
 * gives the logits of the DJL model in the same version's zip blended with its linear half.
 * With {@value #RECORD}{@code =true} the slowest swap goes into docs/benchmarks/client.json as {@code swap_s}.
 */
class ServingIT {

    static final String MODEL = "spam";
    static final int EMAILS = 400;
    static final double LINEAR_WEIGHT = 0.5;
    static final Duration MAX_SWAP = Duration.ofSeconds(5);
    /** Between two predictions of one loop: 4 loops stay near half a core of the 2 the whole stack shares. */
    static final long PAUSE_MS = 50;
    /** {@code -Dstreamtune.serving.record=true}: merge the swap figures into docs/benchmarks/client.json. */
    static final String RECORD = "streamtune.serving.record";
    static final List<String> TEXTS = List.of("WIN a FREE cruise, click now to claim your prize",
            "Minutes of Tuesday's meeting attached, comments welcome by Friday",
            "Cheap meds online!!! no prescription needed",
            "Can you review my patch to the build scripts before the release?");

    @TempDir
    Path dir;

    record Swap(ModelVersion to, Instant at) {
    }

    @Test
    void predictionsNeverFailWhileTheChampionChangesTwice() throws Exception {
        long t0 = System.nanoTime();
        try (TestStack stack = TestStack.start(dir, MODEL, b -> { });
                PipelineEvents events = new PipelineEvents(stack.testBootstrapServers, MODEL,
                        new PipelineEvents.Listener() { })) {
            StreamtuneServices services = stack.services;
            RegistryClient registry = services.registry();
            assertThat(registry.define(spec())).isEqualTo(201);
            services.process(StreamtuneService.TRAINER).awaitReady(Duration.ofMinutes(4));
            // half the stream makes a first champion; the other half, sent once the predictor follows it, more
            List<IngestClient.Example> emails = SyntheticMail.generate("sv", EMAILS, 11);
            send(services.ingest(), emails.subList(0, EMAILS / 2));
            ModelPromoted first = events.awaitPromotion("a first promotion", Duration.ofMinutes(6), p -> true);
            System.out.printf("v%d promoted at %.1f s%n", first.version(), seconds(t0));

            List<Swap> swaps = new CopyOnWriteArrayList<>();
            Map<Integer, AtomicLong> servedBy = new ConcurrentHashMap<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            try (io.streamtune.client.RegistryClient client = io.streamtune.client.RegistryClient
                    .builder(registry.base()).cacheDir(dir.resolve("client-cache")).build();
                    Predictor predictor = Predictor.follow(client, MODEL, Duration.ofSeconds(60))) {
                long followedAt = System.nanoTime();
                ModelVersion start = predictor.version().orElseThrow();
                System.out.printf("predictor on v%d at %.1f s%n", start.version(), seconds(t0));
                predictor.addSwapListener((from, to, at) -> swaps.add(new Swap(to, at)));
                List<Thread> loops = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int offset = t;
                    Thread loop = new Thread(() -> {
                        for (int i = offset; !stop.get(); i++) {
                            try {
                                Prediction p = predictor.predict(TEXTS.get(i % TEXTS.size()));
                                assertThat(p.probabilities().values().stream().mapToDouble(Double::doubleValue)
                                        .sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
                                servedBy.computeIfAbsent(p.version(), v -> new AtomicLong()).incrementAndGet();
                                Thread.sleep(PAUSE_MS); // an app's request rate, not a CPU hog: the pipeline shares the cores
                            } catch (InterruptedException e) {
                                return;
                            } catch (Throwable e) {
                                failures.add(e);
                            }
                        }
                    }, "predict-" + t);
                    loop.start();
                    loops.add(loop);
                }

                // change 1: the training goes on and is promoted again
                send(services.ingest(), emails.subList(EMAILS / 2, EMAILS));
                long startGeneration = events.awaitPromotion("the move to v" + start.version(),
                        Duration.ofSeconds(30), p -> p.version() == start.version()).generation();
                ModelPromoted promoted = events.awaitPromotion("a promotion after the predictor started",
                        Duration.ofMinutes(6), p -> p.kind() == ModelPromoted.Kind.PROMOTION
                                && p.generation() > startGeneration);
                System.out.printf("v%d promoted at %.1f s%n", promoted.version(), seconds(t0));
                Waits.until("the predictor off v" + start.version(), MAX_SWAP.plusSeconds(5), () -> predictor.version()
                        .filter(v -> v.version() != start.version()));
                // no more promotions: the trainer stops (no final checkpoint) and the registry decides what is left
                services.process(StreamtuneService.TRAINER).kill();
                Waits.until("a decision on every checkpoint", Duration.ofMinutes(3), () -> {
                    try {
                        int decided = registry.decisions(MODEL, 0, 1).path("total").asInt();
                        return Optional.of(decided).filter(d -> d >= events.checkpoints().size()
                                && events.evaluations().size() >= events.checkpoints().size());
                    } catch (java.io.IOException e) {
                        return Optional.empty();
                    }
                });
                // change 2: an admin's rollback to the version before
                int current = registry.champion(MODEL).orElseThrow().path("version").asInt();
                int target = current > 1 ? current - 1 : current + 1;
                registry.rollback(MODEL, target, "ServingIT: back to the version before");
                ModelPromoted rollback = events.awaitPromotion("the rollback's event", Duration.ofSeconds(30),
                        p -> p.kind() == ModelPromoted.Kind.ROLLBACK);
                Waits.until("the predictor on the rolled-back version", MAX_SWAP.plusSeconds(5), () -> predictor
                        .version().filter(v -> v.version() == target));
                Thread.sleep(2_000); // predictions on the rolled-back version
                stop.set(true);
                for (Thread loop : loops) {
                    loop.join(30_000);
                }
                double followedSeconds = (System.nanoTime() - followedAt) / 1e9;

                List<ModelPromoted> moves = events.promotions().stream()
                        .filter(p -> p.generation() > startGeneration)
                        .sorted(Comparator.comparingLong(ModelPromoted::generation)).toList();
                long total = servedBy.values().stream().mapToLong(AtomicLong::get).sum();
                System.out.printf("%d predictions in %.1f s by version %s; %d failed; moves %s; swaps %s%n", total,
                        followedSeconds, new java.util.TreeMap<>(servedBy), failures.size(),
                        moves.stream().map(m -> m.kind() + " v" + m.version() + " g" + m.generation() + " at "
                                + m.occurredAt()).toList(), swaps);
                assertThat(failures).as("predictions that failed").isEmpty();
                assertThat(moves).as("champion moves while the predictor ran").hasSizeGreaterThanOrEqualTo(2)
                        .contains(promoted, rollback);
                List<Integer> champions = new ArrayList<>(moves.stream().map(ModelPromoted::version).toList());
                champions.add(start.version());
                assertThat(servedBy.keySet()).as("versions predictions named").isSubsetOf(champions);
                assertThat(servedBy.get(target)).as("predictions on the rolled-back version").isNotNull();

                double worst = 0;
                for (int i = 0; i < moves.size(); i++) {
                    ModelPromoted m = moves.get(i);
                    List<Integer> supersede = moves.subList(i, moves.size()).stream().map(ModelPromoted::version)
                            .toList();
                    Swap served = swaps.stream().filter(s -> !s.at().isBefore(m.occurredAt())
                            && s.to() != null && supersede.contains(s.to().version())).findFirst().orElse(null);
                    assertThat(served).as("a swap after the move to v%d at %s", m.version(), m.occurredAt())
                            .isNotNull();
                    double s = Duration.between(m.occurredAt(), served.at()).toMillis() / 1000.0;
                    System.out.printf("%s to v%d: served v%d %.2f s later%n", m.kind(), m.version(),
                            served.to().version(), s);
                    assertThat(s).as("seconds from the move to v%d to serving it", m.version())
                            .isLessThanOrEqualTo(MAX_SWAP.toMillis() / 1000.0);
                    worst = Math.max(worst, s);
                }
                if (Boolean.getBoolean(RECORD)) {
                    Path json = StreamtuneService.repository().resolve("docs").resolve(ReportWriter.json("client"));
                    Map<String, Double> figures = new LinkedHashMap<>(ReportWriter.readJson(json));
                    figures.put("swap_s", worst);
                    figures.put("swap_moves", (double) moves.size());
                    figures.put("swap_predictions", (double) total);
                    figures.put("swap_failed_predictions", (double) failures.size());
                    ReportWriter.writeJson(json, figures);
                }

                assertParity(registry, client, target, predictor);
            }
        }
    }

    /** The registry's ONNX export of a version gives the logits of the DJL model in that version's zip. */
    private void assertParity(RegistryClient registry, io.streamtune.client.RegistryClient client, int version,
            Predictor predictor) throws Exception {
        JsonNode v = Http.json(Http.get(registry.base().resolve("api/v1/models/" + MODEL + "/versions/" + version)));
        List<String> serving = new ArrayList<>();
        v.path("serving").forEach(f -> serving.add(f.path("file").asText()));
        assertThat(serving).containsExactly("model.onnx", "tokenizer.json", "labels.json", "linear-half.json",
                "MODEL_CARD.md");
        String card = new String(RegistryClient.fetch(URI.create(v.path("serving").get(4).path("url").asText())),
                StandardCharsets.UTF_8);
        assertThat(card).startsWith("# " + MODEL + " — version " + version).contains("| macro-F1 |");

        Path unzipped = PipelineIT.unzip(RegistryClient.fetch(registry.presigned(MODEL, version)),
                Files.createTempDirectory(dir, "v" + version + "-"));
        List<Prediction> onnx = predictor.predict(TEXTS);
        try (Classifier djl = CheckpointIO.loadClassifier(unzipped.resolve("model"), DeviceChoice.CPU)) {
            // the transformer's logits blended with the linear half the zip holds, as the evaluator scored them
            LinearHalf half = LinearHalf.load(unzipped.resolve("model"));
            assertThat(half.weight()).isEqualTo(LINEAR_WEIGHT);
            float[][] transformer = djl.inference().predict(TEXTS);
            float[][] linear = half.model().logits(TEXTS);
            float[][] expected = new float[TEXTS.size()][];
            for (int t = 0; t < TEXTS.size(); t++) {
                expected[t] = LinearHalf.blendLogits(transformer[t], linear[t], half.weight());
            }
            double max = 0;
            for (int t = 0; t < TEXTS.size(); t++) {
                assertThat(onnx.get(t).version()).isEqualTo(version);
                List<String> labels = djl.labels();
                for (int l = 0; l < labels.size(); l++) {
                    int at = predictor.labels().indexOf(labels.get(l));
                    max = Math.max(max, Math.abs(expected[t][l] - onnx.get(t).logits()[at]));
                }
            }
            System.out.printf("v%d: ONNX Runtime + linear half against DJL + linear half, max |Δ logit| %.2e%n",
                    version, max);
            assertThat(max).isLessThanOrEqualTo(1e-4);
        }
    }

    private static void send(IngestClient ingest, List<IngestClient.Example> emails) throws Exception {
        for (int i = 0; i < emails.size(); i += 50) {
            assertThat(ingest.send(MODEL, emails.subList(i, Math.min(i + 50, emails.size()))).refused()).isEmpty();
        }
    }

    /**
     * PipelineIT's, with a linear half of weight {@value #LINEAR_WEIGHT}, and every evaluated checkpoint that reaches
     * macro-F1 0.5 is promoted (min delta −1).
     */
    static ModelSpec spec() {
        ModelSpec s = PipelineIT.spec();
        return new ModelSpec(null, 0, null, s.name(), s.labels(), s.baseModel(), s.maxTextChars(),
                s.heldoutPercent(), s.minHeldout(), s.training().withLinearWeight(LINEAR_WEIGHT),
                new PromotionPolicy(0.5, -1.0, 1.0, 40));
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
