package io.streamtune.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import io.streamtune.e2e.fuzz.FuzzModel;
import io.streamtune.e2e.fuzz.FuzzReport;
import io.streamtune.e2e.fuzz.FuzzRequest;
import io.streamtune.e2e.fuzz.FuzzRequest.Target;
import io.streamtune.e2e.fuzz.FuzzSender;
import io.streamtune.e2e.fuzz.FuzzTally;
import io.streamtune.e2e.fuzz.IngestRequests;
import io.streamtune.e2e.fuzz.RegistryRequests;
import io.streamtune.e2e.fuzz.TopicOffsets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.RandomGenerator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Issue 20's fuzz run: over 10,000 generated bad requests (jqwik generators, fixed seed) to ingest and the registry,
 * both real processes on a broker and an S3 server of their own. Every answer is a 4xx, nothing reaches any topic,
 * and both services are UP afterwards. {@code -Dstreamtune.fuzz.record=true} writes the figures to
 * docs/benchmarks/fuzz.json and the {@code fuzz} section of docs/benchmarks.md.
 */
class FuzzIT {

    static final long SEED = 20;
    static final int INGEST_REQUESTS = 6_000;
    static final int REGISTRY_REQUESTS = 5_000;
    static final int THREADS = 4;
    static final String LIMITED_KEY_NAME = "fuzz-limited";
    static final String LIMITED_KEY = "fuzz-limited-key";
    static final List<FuzzModel> MODELS = List.of(new FuzzModel("fuzz-a", List.of("spam", "ham"), 200),
            new FuzzModel("fuzz-b", List.of("a", "b", "c"), 1_000));

    @Example
    void badRequestsAreRefusedAndWriteNothing() throws Exception {
        long start = System.nanoTime();
        Path dir = Path.of("target", "fuzz-it").toAbsolutePath();
        Files.createDirectories(dir);
        String ingestKey = "streamtune.ingest.api-keys.\"" + DevKeys.INGEST_KEY_NAME + "\".";
        String limitedKey = "streamtune.ingest.api-keys.\"" + LIMITED_KEY_NAME + "\".";
        try (TestStack stack = TestStack.start(Files.createTempDirectory(dir, "stack"), MODELS.get(0).name(),
                List.of(StreamtuneService.INGEST, StreamtuneService.REGISTRY), b -> b
                        // the fuzz measures refusals, not the rate limit: the demo key may send as fast as it likes
                        .set(StreamtuneService.INGEST, ingestKey + "requests-per-second", "1000000")
                        .set(StreamtuneService.INGEST, ingestKey + "burst", "1000000")
                        // a key that may write only a model that is not fuzzed: 403 on the fuzzed ones
                        .set(StreamtuneService.INGEST, limitedKey + "sha256", DevKeys.sha256(LIMITED_KEY))
                        .set(StreamtuneService.INGEST, limitedKey + "models", "other-model"));
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.testBootstrapServers))) {
            StreamtuneServices services = stack.services;
            for (FuzzModel m : MODELS) {
                assertThat(services.registry().define(new ModelSpec(null, 0, null, m.name(), new LabelSet(false,
                        m.labels()), null, m.maxTextChars(), 0, 0, null, null))).isEqualTo(201);
                awaitKnownToIngest(services.url(StreamtuneService.INGEST), m.name());
                awaitTopics(admin, Topics.train(m.name()), Topics.heldout(m.name()));
            }
            TopicOffsets before = TopicOffsets.read(admin);

            List<FuzzRequest> requests = generate();
            System.out.printf("generated %,d requests (seed %d)%n", requests.size(), SEED);
            long t0 = System.nanoTime();
            FuzzTally tally = new FuzzSender(Map.of(Target.INGEST, services.url(StreamtuneService.INGEST),
                    Target.REGISTRY, services.url(StreamtuneService.REGISTRY))).send(requests, THREADS);
            double wall = (System.nanoTime() - t0) / 1e9;

            boolean healthy = up(services, StreamtuneService.INGEST) & up(services, StreamtuneService.REGISTRY);
            TopicOffsets after = TopicOffsets.read(admin);
            long leaked = after.writtenSince(before);
            Set<String> created = new TreeSet<>(after.topics());
            created.removeAll(before.topics());
            FuzzReport.Run run = new FuzzReport.Run(SEED, THREADS, wall, (System.nanoTime() - start) / 1e9, tally,
                    after.topics(), leaked, created.size(), healthy);
            System.out.printf("%,d requests in %.1f s: %,d answered 5xx, %,d records written, %d topics created%n%s%s",
                    tally.requests(), wall, tally.status5xx(), leaked, created.size(), tally.table(),
                    tally.failures());
            if (Boolean.getBoolean("streamtune.fuzz.record")) {
                FuzzReport.write(StreamtuneService.repository().resolve("docs"), run);
            }

            assertThat(tally.requests()).isGreaterThanOrEqualTo(10_000);
            assertThat(tally.status5xx()).as("requests answered 5xx\n" + tally.failures()).isZero();
            assertThat(leaked).as("records written to Kafka by bad requests, by topic: "
                    + after.growthSince(before)).isZero();
            assertThat(created).as("topics created by bad requests").isEmpty();
            assertThat(tally.notRefused()).as("bad requests not refused\n" + tally.failures()).isZero();
            assertThat(tally.transportErrors()).as("requests without an answer\n" + tally.failures()).isZero();
            assertThat(healthy).as("both services UP after the run").isTrue();
        }
    }

    /** Both services' requests from one seed, in one shuffled stream, so both take load at the same time. */
    static List<FuzzRequest> generate() {
        Random random = new Random(SEED);
        List<FuzzRequest> out = new ArrayList<>();
        out.addAll(sample(new IngestRequests(MODELS, DevKeys.INGEST_KEY, LIMITED_KEY, DevKeys.ADMIN_KEY).all(),
                INGEST_REQUESTS, random));
        out.addAll(sample(new RegistryRequests(MODELS.stream().map(FuzzModel::name).toList(), DevKeys.ADMIN_KEY,
                DevKeys.INGEST_KEY).all(), REGISTRY_REQUESTS, random));
        Collections.shuffle(out, random);
        return out;
    }

    private static List<FuzzRequest> sample(Arbitrary<FuzzRequest> arbitrary, int n, Random random) {
        RandomGenerator<FuzzRequest> generator = arbitrary.generator(1_000);
        List<FuzzRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(generator.next(random).value());
        }
        return out;
    }

    /** Ingest learns a spec from Kafka: an example with an unknown label is a 404 until then, a 400 after. */
    private static void awaitKnownToIngest(String ingest, String model) throws Exception {
        HttpRequest probe = HttpRequest.newBuilder(URI.create(ingest + "/api/v1/models/" + model + "/examples"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + DevKeys.INGEST_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"probe\",\"label\":\"no-such-label\"}"))
                .build();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        int status;
        while ((status = Http.send(probe).statusCode()) == 404) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ingest did not learn the spec of " + model + " within a minute");
            }
            Thread.sleep(200);
        }
        assertThat(status).as("the probe of " + model).isEqualTo(400);
    }

    /** Ingest creates a model's train and held-out topics when it learns the spec: part of the setup, not the run. */
    private static void awaitTopics(Admin admin, String... topics) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(List.of(topics))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ingest did not create " + List.of(topics) + " within a minute");
            }
            Thread.sleep(200);
        }
    }

    private static boolean up(StreamtuneServices services, StreamtuneService s) throws IOException {
        HttpResponse<byte[]> r = Http.get(URI.create(services.url(s) + "/q/health"));
        String body = new String(r.body(), StandardCharsets.UTF_8);
        boolean up = r.statusCode() == 200 && "UP".equals(EventJson.mapper().readTree(body).path("status").asText());
        if (!up) {
            System.out.printf("%s /q/health answered %d: %s%n", s.shortName(), r.statusCode(), body);
        }
        return up && services.process(s).running().isPresent();
    }
}
