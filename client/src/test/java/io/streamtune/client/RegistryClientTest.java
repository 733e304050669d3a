package io.streamtune.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RegistryClient against a fake registry: champion answers, retries, and the verified download cache. */
class RegistryClientTest {

    private static final String CHAMPION = "/api/v1/models/spam/champion";
    private static final String VERSION_3 = "/api/v1/models/spam/versions/3";

    @TempDir
    Path cache;

    private FakeRegistry fake;
    private RegistryClient client;
    /** The files the fake serves, and what it says of them (tests change the latter to lie). */
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, String> claimedSha = new LinkedHashMap<>();
    private final Map<String, Long> claimedSize = new LinkedHashMap<>();

    @BeforeEach
    void start() throws Exception {
        fake = new FakeRegistry();
        client = RegistryClient.builder(fake.uri()).cacheDir(cache).maxRetries(2)
                .maxRetryWait(Duration.ofMillis(200)).build();
        files.put("model.onnx", "not really onnx, but bytes to verify".repeat(5000).getBytes(StandardCharsets.UTF_8));
        files.put("tokenizer.json", "{\"tokenizer\":true}".getBytes(StandardCharsets.UTF_8));
        files.put("labels.json", "[\"ham\",\"spam\"]".getBytes(StandardCharsets.UTF_8));
        files.put("MODEL_CARD.md", "# spam v3\n".getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            claimedSha.put(f.getKey(), sha(f.getValue()));
            claimedSize.put(f.getKey(), (long) f.getValue().length);
            fake.on("/s3/" + f.getKey(), e -> FakeRegistry.send(e, 200, "application/octet-stream",
                    files.get(f.getKey())));
        }
        fake.on(VERSION_3, e -> FakeRegistry.send(e, 200, "application/json",
                "{\"model\":\"spam\",\"version\":3,\"checkpointId\":\"ck-3\",\"status\":\"CHAMPION\",\"extra\":{\"a\":1},"
                        + "\"serving\":" + serving() + "}"));
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    private String serving() {
        StringBuilder s = new StringBuilder("[");
        for (String f : files.keySet()) {
            s.append(s.length() > 1 ? "," : "").append("{\"file\":\"").append(f).append("\",\"url\":\"")
                    .append(fake.uri()).append("/s3/").append(f).append("?X-Amz-Signature=abc\",")
                    .append("\"expiresAt\":\"2099-01-01T00:00:00Z\",\"size\":").append(claimedSize.get(f))
                    .append(",\"sha256\":\"").append(claimedSha.get(f)).append("\",\"unknown\":7}");
        }
        return s.append("]").toString();
    }

    @Test
    void championIsParsedAndUnknownFieldsIgnored() {
        fake.on(CHAMPION, e -> FakeRegistry.send(e, 200, "application/json",
                "{\"model\":\"spam\",\"version\":3,\"checkpointId\":\"ck-3\",\"generation\":7,"
                        + "\"since\":\"2026-12-01T10:00:00Z\",\"ageSeconds\":12,\"metrics\":{\"macroF1\":0.9},"
                        + "\"serving\":" + serving() + "}"));
        Champion c = client.champion("spam").orElseThrow();
        assertEquals(new ModelVersion("spam", 3, "ck-3"), c.modelVersion());
        assertEquals(7, c.generation());
        assertEquals(java.time.Instant.parse("2026-12-01T10:00:00Z"), c.since());
        assertEquals(List.of("model.onnx", "tokenizer.json", "labels.json", "MODEL_CARD.md"),
                c.serving().stream().map(ServingFile::file).toList());
        assertEquals(claimedSha.get("model.onnx"), c.serving().get(0).sha256());
    }

    @Test
    void noChampionIsEmptyAndAnUnknownModelThrows() {
        fake.on(CHAMPION, e -> FakeRegistry.send(e, 404, "application/problem+json",
                FakeRegistry.problem(404, "Model spam has no champion yet: no evaluation has passed the gates.")));
        fake.on("/api/v1/models/nope/champion", e -> FakeRegistry.send(e, 404, "application/problem+json",
                FakeRegistry.problem(404, "Model nope does not exist.")));
        assertEquals(Optional.empty(), client.champion("spam"));
        RegistryException.NotFound e = assertThrows(RegistryException.NotFound.class, () -> client.champion("nope"));
        assertEquals("not_found", e.code());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> client.champion("../etc"));
    }

    @Test
    void a503IsRetriedAfterRetryAfterABoundedNumberOfTimes() {
        AtomicInteger calls = new AtomicInteger();
        fake.on(CHAMPION, e -> {
            if (calls.incrementAndGet() <= 2) {
                // 1 s, capped to the client's maxRetryWait of 200 ms (okhttp itself would retry a Retry-After of 0)
                e.getResponseHeaders().set("Retry-After", "1");
                FakeRegistry.send(e, 503, "application/problem+json", FakeRegistry.problem(503, "store down"));
            } else {
                FakeRegistry.send(e, 200, "application/json", "{\"model\":\"spam\",\"version\":3,\"generation\":1,"
                        + "\"serving\":[]}");
            }
        });
        long t0 = System.nanoTime();
        assertEquals(3, client.champion("spam").orElseThrow().version());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(3, calls.get());
        assertTrue(ms >= 380 && ms < 900, "two waits of Retry-After capped at 200 ms: " + ms + " ms");

        calls.set(-10); // always 503 from here on
        RegistryException e = assertThrows(RegistryException.class, () -> client.champion("spam"));
        assertEquals(503, e.status());
        assertEquals(-7, calls.get(), "one try and maxRetries (2) retries");
    }

    @Test
    void downloadVerifiesAndACacheHitSkipsTheNetwork() throws Exception {
        ServingFiles f = client.download("spam", 3);
        assertEquals(new ModelVersion("spam", 3, "ck-3"), f.version());
        Path dir = cache.resolve("127.0.0.1_" + fake.uri().getPort()).resolve("spam").resolve("3");
        assertEquals(dir, f.directory());
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(dir.resolve(e.getKey())), e.getKey());
        }
        assertTrue(Files.isRegularFile(dir.resolve(RegistryClient.VERIFIED)));
        assertEquals(List.of("3"), names(dir.getParent()), "no staging folder left beside the version");
        int versionHits = fake.hits(VERSION_3);
        int onnxHits = fake.hits("/s3/model.onnx");

        ServingFiles again = client.download("spam", 3);
        assertEquals(f, again);
        assertEquals(versionHits, fake.hits(VERSION_3), "a cache hit asks the registry nothing");
        assertEquals(onnxHits, fake.hits("/s3/model.onnx"));

        // a cached file damaged on disk fails the re-verification and is downloaded anew
        Files.write(dir.resolve("labels.json"), "[\"evil\",\"spam\"]".getBytes(StandardCharsets.UTF_8));
        client.download("spam", 3);
        assertArrayEquals(files.get("labels.json"), Files.readAllBytes(dir.resolve("labels.json")));
        assertEquals(versionHits + 1, fake.hits(VERSION_3));
    }

    @Test
    void aShaMismatchIsRefusedAndLeavesNothingInTheCache() throws Exception {
        claimedSha.put("tokenizer.json", sha("something else".getBytes(StandardCharsets.UTF_8)));
        CorruptDownloadException e = assertThrows(CorruptDownloadException.class, () -> client.download("spam", 3));
        assertTrue(e.getMessage().contains("tokenizer.json") && e.getMessage().contains("SHA-256"), e.getMessage());
        assertNothingCached();

        // the registry's hashes fixed: the next download goes through
        claimedSha.put("tokenizer.json", sha(files.get("tokenizer.json")));
        assertEquals(3, client.download("spam", 3).version().version());
    }

    @Test
    void aSizeMismatchIsRefusedAndLeavesNothingInTheCache() throws Exception {
        claimedSize.put("model.onnx", claimedSize.get("model.onnx") - 1);
        CorruptDownloadException e = assertThrows(CorruptDownloadException.class, () -> client.download("spam", 3));
        assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
        assertNothingCached();
    }

    @Test
    void aFailedFileDownloadLeavesNothingInTheCache() throws Exception {
        fake.on("/s3/broken", e -> FakeRegistry.send(e, 403, "text/plain", "expired"));
        files.put("zz-extra.bin", new byte[] {1, 2, 3});
        claimedSha.put("zz-extra.bin", sha(new byte[] {1, 2, 3}));
        claimedSize.put("zz-extra.bin", 3L);
        // zz-extra.bin's URL is /s3/zz-extra.bin, which has no handler: 404 after three good files
        RegistryException e = assertThrows(RegistryException.class, () -> client.download("spam", 3));
        assertEquals(404, e.status());
        assertNothingCached();
    }

    @Test
    void concurrentDownloadsOfOneVersionAllSucceedIntoOneFolder() throws Exception {
        int n = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(n);
            List<java.util.concurrent.Future<ServingFiles>> all = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(pool.submit(() -> {
                    start.await();
                    return client.download("spam", 3);
                }));
            }
            Path dir = cache.resolve("127.0.0.1_" + fake.uri().getPort()).resolve("spam").resolve("3");
            for (java.util.concurrent.Future<ServingFiles> f : all) {
                assertEquals(dir, f.get(30, java.util.concurrent.TimeUnit.SECONDS).directory());
            }
            assertEquals(List.of("3"), names(dir.getParent()), "no staging folder left");
            assertArrayEquals(files.get("model.onnx"), Files.readAllBytes(dir.resolve("model.onnx")));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStagingFolderLeftByACrashIsCleanedUp() throws Exception {
        Path model = cache.resolve("127.0.0.1_" + fake.uri().getPort()).resolve("spam");
        Path stale = Files.createDirectories(model.resolve(".3.download-123"));
        Files.writeString(stale.resolve("model.onnx"), "half");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(Duration.ofHours(2))));
        Path fresh = Files.createDirectories(model.resolve(".3.download-456")); // another process, running now
        client.download("spam", 3);
        assertEquals(List.of(".3.download-456", "3"), names(model));
        assertTrue(Files.exists(fresh));
    }

    private void assertNothingCached() throws Exception {
        Path model = cache.resolve("127.0.0.1_" + fake.uri().getPort()).resolve("spam");
        assertFalse(Files.exists(model.resolve("3")), "no version folder");
        assertEquals(List.of(), names(model), "no staging folder or temp file");
    }

    private static List<String> names(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
