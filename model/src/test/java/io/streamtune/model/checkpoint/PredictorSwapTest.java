package io.streamtune.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamtune.client.ModelVersion;
import io.streamtune.client.OnnxModel;
import io.streamtune.client.Prediction;
import io.streamtune.client.Predictor;
import io.streamtune.client.RegistryClient;
import io.streamtune.model.TestModels;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.model.onnx.EncoderSource;
import io.streamtune.model.train.ClassifierTrainer;
import io.streamtune.model.train.OptimizerSettings;
import io.streamtune.model.train.TrainingExample;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * streamtune-client's {@link Predictor} over two differently trained exports: swaps under load never fail a prediction
 * nor mix two models, and {@link Predictor#follow} swaps on the registry's events (a fake registry here: the real one
 * is exercised end to end elsewhere).
 */
class PredictorSwapTest {

    private static final List<String> LABELS = List.of("ham", "spam", "phishing");
    private static final double TOLERANCE = 1e-5;
    private static final int THREADS = 4;
    private static final ModelVersion A = new ModelVersion("spam", 1, "ck-a");
    private static final ModelVersion B = new ModelVersion("spam", 2, "ck-b");

    @TempDir
    static Path tmp;

    private static Path dirA;
    private static Path dirB;
    private static List<String> texts;
    /** Reference logits per version, one text at a time, as predict(text) runs them. */
    private static final Map<Integer, float[][]> REF = new ConcurrentHashMap<>();
    /** Reference logits per version of the batch {@link #BATCH}. */
    private static final Map<Integer, float[][]> REF_BATCH = new ConcurrentHashMap<>();
    private static List<String> batch;

    @BeforeAll
    static void export() throws Exception {
        dirA = exported(0, tmp.resolve("a"));
        dirB = exported(1, tmp.resolve("b"));
        texts = new ArrayList<>(TestModels.texts(30));
        batch = List.of(texts.get(0), texts.get(9), texts.get(5));
        for (ModelVersion v : List.of(A, B)) {
            try (OnnxModel m = OnnxModel.load(v.version() == 1 ? dirA : dirB, v)) {
                float[][] ref = new float[texts.size()][];
                for (int i = 0; i < texts.size(); i++) {
                    ref[i] = m.logits(List.of(texts.get(i)))[0];
                }
                REF.put(v.version(), ref);
                REF_BATCH.put(v.version(), m.logits(batch));
            }
        }
        double apart = 0;
        for (int i = 0; i < texts.size(); i++) {
            apart = Math.max(apart, maxDiff(REF.get(1)[i], REF.get(2)[i]));
        }
        assertTrue(apart > 1000 * TOLERANCE, "the two models must score differently: max |Δ| " + apart);
    }

    @AfterAll
    static void done() {
        REF.clear();
        REF_BATCH.clear();
    }

    /** A classifier trained three steps with labels shifted by {@code shift}, exported. */
    private static Path exported(int shift, Path dir) throws IOException {
        try (Classifier c = TestModels.classifier(FineTuning.head(), LABELS);
                ClassifierTrainer trainer = new ClassifierTrainer(c, OptimizerSettings.defaults().withWarmupSteps(0)
                        .withLearningRates(1e-2f, 1e-2f))) {
            List<String> train = TestModels.texts(24);
            for (int step = 0; step < 3; step++) {
                List<TrainingExample> b = new ArrayList<>();
                for (int i = step * 8; i < step * 8 + 8; i++) {
                    b.add(TrainingExample.of(train.get(i), (i + shift) % LABELS.size()));
                }
                trainer.step(b);
            }
            ServingExport.write(c, EncoderSource.miniLm(), dir);
        }
        return dir;
    }

    @Test
    void swapsUnderLoadNeverFailNorMixModels() throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<String> mismatches = new CopyOnWriteArrayList<>();
        AtomicInteger[] served = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        AtomicBoolean stop = new AtomicBoolean();
        List<List<Integer>> seen = new ArrayList<>();
        List<ModelVersion> swaps = new CopyOnWriteArrayList<>();
        try (Predictor p = Predictor.of(OnnxModel.load(dirA, A))) {
            p.addSwapListener((from, to, at) -> swaps.add(to));
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                List<Integer> versions = new ArrayList<>();
                seen.add(versions);
                threads.add(new Thread(() -> {
                    int i = id * 7;
                    while (!stop.get()) {
                        try {
                            if (id == THREADS - 1 && i % 3 == 0) {
                                List<Prediction> out = p.predict(batch);
                                int v = out.get(0).version();
                                for (int k = 0; k < out.size(); k++) {
                                    check(out.get(k), v, REF_BATCH.get(v)[k], "batch item " + k, mismatches);
                                }
                                record(versions, v, served);
                            } else {
                                int k = i % texts.size();
                                Prediction out = p.predict(texts.get(k));
                                check(out, out.version(), REF.get(out.version()) == null ? null
                                        : REF.get(out.version())[k], "text " + k, mismatches);
                                record(versions, out.version(), served);
                            }
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                        i++;
                    }
                }, "predict-" + t));
            }
            threads.forEach(Thread::start);
            long t0 = System.nanoTime();
            awaitCount(served[1], 40);
            p.swapTo(OnnxModel.load(dirB, B));
            awaitCount(served[2], 40);
            p.swapTo(OnnxModel.load(dirA, A));
            int before = served[1].get();
            awaitCount(served[1], before + 40);
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
            System.out.printf("swap test: %d predictions by A, %d by B in %.1f s%n", served[1].get(), served[2].get(),
                    (System.nanoTime() - t0) / 1e9);
        }
        assertEquals(List.of(), errors, "no prediction fails during a swap");
        assertEquals(List.of(), mismatches, "every prediction is wholly the model it reports");
        assertEquals(List.of(B, A), swaps);
        assertEquals(0, served[0].get(), "no prediction without a version");
        for (List<Integer> versions : seen) {
            // each thread saw A, then B, then A: a swap is seen once and never undone
            List<Integer> runs = new ArrayList<>();
            for (int v : versions) {
                if (runs.isEmpty() || runs.get(runs.size() - 1) != v) {
                    runs.add(v);
                }
            }
            assertTrue(List.of(1, 2, 1).subList(0, Math.min(3, runs.size())).equals(runs)
                    || List.of(1, 2, 1).subList(1, Math.min(3, runs.size() + 1)).equals(runs), "runs " + runs);
        }
    }

    @Test
    void followSwapsOnPromotionAndKeepsServingWhenANewVersionIsBroken() throws Exception {
        FakeRegistry fake = new FakeRegistry();
        try (RegistryClient registry = RegistryClient.builder(fake.uri()).cacheDir(tmp.resolve("cache"))
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200)).build()) {
            fake.version(1, dirA, false);
            fake.version(2, dirB, false);
            fake.version(3, dirB, true); // its listed hashes are wrong: the download is refused
            fake.champion = "{\"model\":\"spam\",\"version\":1,\"checkpointId\":\"ck-a\",\"generation\":1,"
                    + "\"serving\":" + fake.serving(1) + "}";
            fake.events.add(event("champion", 1, 1, null));
            BlockingQueue<ModelVersion> swaps = new LinkedBlockingQueue<>();
            try (Predictor p = Predictor.follow(registry, "spam", Duration.ofSeconds(30))) {
                p.addSwapListener((from, to, at) -> swaps.add(to));
                assertPredictsAs(p, 1);

                fake.events.add(event("promotion", 2, 2, 1));
                assertEquals(B, swaps.poll(30, TimeUnit.SECONDS));
                assertPredictsAs(p, 2);

                fake.events.add(event("promotion", 3, 3, 2));
                // the broken version is refused and retried; meanwhile B serves. A rollback to A supersedes it.
                Thread.sleep(1500);
                assertEquals(null, swaps.peek(), "nothing swapped to the broken version");
                assertPredictsAs(p, 2);
                fake.events.add(event("rollback", 1, 4, 3));
                assertEquals(A, swaps.poll(30, TimeUnit.SECONDS));
                assertPredictsAs(p, 1);
                assertTrue(fake.versionHits.get(1).get() == 1, "v1 was downloaded once and then read from the cache"
                        + " (hits " + fake.versionHits.get(1) + ")");
            }
        } finally {
            fake.close();
        }
    }

    @Test
    void followWaitsForAFirstChampionAndTimesOutWithoutOne() throws Exception {
        FakeRegistry fake = new FakeRegistry();
        try (RegistryClient registry = RegistryClient.builder(fake.uri()).cacheDir(tmp.resolve("cache-wait"))
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200)).build()) {
            fake.version(1, dirA, false);
            fake.events.add("event: champion\ndata: {\"model\":\"spam\",\"version\":null,\"generation\":0}\n\n");
            long t0 = System.nanoTime();
            assertThrows(TimeoutException.class, () -> Predictor.follow(registry, "spam", Duration.ofSeconds(1)));
            assertTrue(System.nanoTime() - t0 >= 900_000_000L, "it waited");

            fake.events.add("event: champion\ndata: {\"model\":\"spam\",\"version\":null,\"generation\":0}\n\n");
            Thread promoter = new Thread(() -> {
                try {
                    Thread.sleep(1000); // the first stream's handler has seen its client go by then
                } catch (InterruptedException e) {
                    return;
                }
                fake.events.add(event("promotion", 1, 1, null));
            });
            promoter.start();
            try (Predictor p = Predictor.follow(registry, "spam", Duration.ofSeconds(30))) {
                assertPredictsAs(p, 1);
            }
            promoter.join();
        } finally {
            fake.close();
        }
    }

    /**
     * An app whose JVM first touches ONNX Runtime through the client, with a long class path (as real apps have):
     * ONNX Runtime's native start-up then needs more stack than a default Java thread has, and loaded on the caller's
     * thread it killed the demo's JVM with SIGSEGV. OnnxModel loads it on a thread of its own with room
     * (OnnxModel.LOAD_STACK_BYTES); this runs a fresh JVM with ~5 KB of class path that loads and scores a model.
     */
    @Test
    void loadsInAFreshJvmWithALongClassPath() throws Exception {
        StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
        for (int i = 0; i < 62; i++) {
            classPath.append(java.io.File.pathSeparator).append(tmp.resolve("absent-" + i + "-" + "x".repeat(60)
                    + ".jar"));
        }
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(javaCommand, "-cp", classPath.toString(), LoadAndScore.class.getName(),
                dirB.toString()).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the child JVM ended");
        assertEquals(0, child.exitValue(), () -> "the child JVM's exit (139: SIGSEGV) and output: " + out);
        assertTrue(out.contains("scored " + LABELS.size() + " labels"), out);
    }

    /** The child JVM of {@link #loadsInAFreshJvmWithALongClassPath}: loads the serving folder in args[0]. */
    public static final class LoadAndScore {
        public static void main(String[] args) throws Exception {
            try (OnnxModel m = OnnxModel.load(Path.of(args[0]))) {
                System.out.println("scored " + m.logits(List.of("a free cruise"))[0].length + " labels");
            }
        }
    }

    private static void assertPredictsAs(Predictor p, int version) {
        for (int k = 0; k < 5; k++) {
            Prediction out = p.predict(texts.get(k));
            assertEquals(version, out.version());
            assertTrue(maxDiff(out.logits(), REF.get(version)[k]) <= TOLERANCE);
            assertEquals(1.0, out.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
            assertEquals(LABELS.get(argmax(out.logits())), out.label());
        }
    }

    private static String event(String type, int version, long generation, Integer previous) {
        String data = type.equals("champion")
                ? "{\"model\":\"spam\",\"version\":" + version + ",\"checkpointId\":\"ck\",\"generation\":" + generation
                        + "}"
                : "{\"eventId\":\"e" + generation + "\",\"model\":\"spam\",\"version\":" + version
                        + ",\"checkpointId\":\"ck\",\"previousVersion\":" + previous + ",\"kind\":\""
                        + type.toUpperCase() + "\",\"generation\":" + generation + "}";
        return "id: e" + generation + "\nevent: " + type + "\ndata: " + data + "\n\n";
    }

    private static void check(Prediction out, int version, float[] expected, String what, List<String> mismatches) {
        if (expected == null) {
            mismatches.add(what + ": unknown version " + version);
            return;
        }
        double d = maxDiff(out.logits(), expected);
        if (out.version() != version || d > TOLERANCE) {
            mismatches.add(what + " reported v" + out.version() + ": max |Δ| " + d + " from that version's logits");
        }
    }

    private static void record(List<Integer> versions, int version, AtomicInteger[] served) {
        versions.add(version);
        served[Math.min(version, 2)].incrementAndGet();
    }

    private static void awaitCount(AtomicInteger n, int target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (n.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(n.get() >= target, "only " + n.get() + " predictions in 60 s");
    }

    private static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The registry's read API for one model, "spam", on the loopback: champion, versions, files, events. */
    private static final class FakeRegistry implements AutoCloseable {
        final HttpServer server;
        final Map<Integer, String> versions = new ConcurrentHashMap<>();
        final Map<Integer, AtomicInteger> versionHits = new ConcurrentHashMap<>();
        final Map<Integer, Path> dirs = new ConcurrentHashMap<>();
        final Map<Integer, Boolean> broken = new ConcurrentHashMap<>();
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        volatile String champion;
        final AtomicBoolean closed = new AtomicBoolean();

        FakeRegistry() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-registry");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/api/v1/models/spam/champion", e -> {
                String c = champion;
                if (c == null) {
                    send(e, 404, "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":"
                            + "\"Model spam has no champion yet: no evaluation has passed the gates.\",\"code\":\"not_found\"}");
                } else {
                    send(e, 200, c);
                }
            });
            server.createContext("/api/v1/models/spam/versions/", e -> {
                int v = Integer.parseInt(e.getRequestURI().getPath().replaceAll(".*/", ""));
                versionHits.computeIfAbsent(v, k -> new AtomicInteger()).incrementAndGet();
                send(e, 200, versions.get(v));
            });
            server.createContext("/files/", e -> {
                String[] parts = e.getRequestURI().getPath().split("/");
                Path file = dirs.get(Integer.parseInt(parts[2])).resolve(parts[3]);
                e.sendResponseHeaders(200, Files.size(file));
                try (OutputStream out = e.getResponseBody()) {
                    Files.copy(file, out); // in small writes: 90 MB at once would not fit the tests' direct memory
                }
            });
            server.createContext("/api/v1/models/spam/events", e -> {
                e.getResponseHeaders().set("Content-Type", "text/event-stream");
                e.sendResponseHeaders(200, 0);
                try (OutputStream out = e.getResponseBody()) {
                    while (!closed.get()) {
                        String ev = events.poll(100, TimeUnit.MILLISECONDS);
                        out.write((ev == null ? ": keep-alive\n\n" : ev).getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                } catch (IOException ex) {
                    // the client went away
                }
            });
            server.start();
        }

        java.net.URI uri() {
            return java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        void version(int v, Path dir, boolean wrongHashes) throws Exception {
            dirs.put(v, dir);
            broken.put(v, wrongHashes);
            versions.put(v, "{\"model\":\"spam\",\"version\":" + v + ",\"checkpointId\":\"ck-" + (char) ('a' + (v + 1) % 2)
                    + "\",\"serving\":" + serving(v) + "}");
        }

        String serving(int v) throws Exception {
            StringBuilder s = new StringBuilder("[");
            for (String f : OnnxModel.FILES) {
                byte[] bytes = Files.readAllBytes(dirs.get(v).resolve(f));
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                if (broken.get(v)) {
                    sha = new StringBuilder(sha).reverse().toString();
                }
                s.append(s.length() > 1 ? "," : "").append("{\"file\":\"").append(f).append("\",\"url\":\"")
                        .append(uri()).append("/files/").append(v).append('/').append(f).append("\",\"size\":")
                        .append(bytes.length).append(",\"sha256\":\"").append(sha).append("\"}");
            }
            return s.append("]").toString();
        }

        private static void send(HttpExchange e, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            e.getResponseHeaders().set("Content-Type", "application/json");
            e.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = e.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            closed.set(true);
            server.stop(0);
        }
    }
}
