package io.streamtune.registry.promotion;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.DlqHeaders;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.contracts.Topics;
import io.streamtune.registry.support.Decisions;
import io.streamtune.registry.support.Evaluations;
import io.streamtune.registry.support.TestKafka;
import io.streamtune.registry.support.TestModels;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.VersionManifest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Evaluations in on the real topic, versions and pointer in the real S3 server, announcements on the real topic,
 * and the API on top.
 */
@QuarkusTest
@SuppressWarnings("unchecked")
class PromotionFlowIT {

    @Inject
    ArtifactStore store;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    /** Defines a model, writes ck-1 and has it promoted as version 1. */
    String modelWithChampion(String prefix) {
        String model = TestModels.uniqueName(prefix);
        TestModels.define(model);
        TestModels.checkpoint(store, model, "ck-1", null, 10);
        CheckpointEvaluated first = Evaluations.first(model, "ck-1", 0.82);
        TestKafka.sendEvent(Topics.EVALUATIONS, model, first);
        assertThat(Decisions.awaitFor(model, first.eventId())).containsEntry("outcome", "PROMOTED");
        return model;
    }

    @Test
    void aPassingEvaluationBecomesAVersionThenTheChampionThenAnEventAndTheApiShowsIt() throws Exception {
        String model = modelWithChampion("flow");

        VersionManifest v1 = store.readVersion(model, 1).orElseThrow();
        assertThat(v1.checkpointId()).isEqualTo("ck-1");
        assertThat(v1.files()).extracting(f -> f.path()).contains("weights.bin", "labels.json", "replay/buffer.bin",
                VersionManifest.EVALUATION_FILE, ModelBundle.FILE_NAME, ModelBundle.MODEL_CARD)
                // a checkpoint without a model folder has nothing to serve: no ONNX files, only the card
                .noneMatch(p -> p.startsWith(ModelBundle.SERVING));
        assertThat(store.readChampion(model).orElseThrow().value())
                .satisfies(p -> assertThat(p.version()).isEqualTo(1))
                .satisfies(p -> assertThat(p.generation()).isEqualTo(1));

        List<ConsumerRecord<String, byte[]>> events = TestKafka.read(Topics.PROMOTIONS, model, l -> !l.isEmpty(),
                Duration.ofSeconds(30));
        ModelPromoted promoted = EventJson.read(events.get(0).value(), ModelPromoted.class);
        assertThat(promoted.version()).isEqualTo(1);
        assertThat(promoted.checkpointId()).isEqualTo("ck-1");
        assertThat(promoted.kind()).isEqualTo(ModelPromoted.Kind.PROMOTION);
        assertThat(promoted.generation()).isEqualTo(1);
        assertThat(promoted.previousVersion()).isNull();
        assertThat(promoted.metrics().macroF1()).isEqualTo(0.82);

        given().get("/api/v1/models/" + model + "/champion").then().statusCode(200)
                .body("version", equalTo(1)).body("checkpointId", equalTo("ck-1")).body("generation", equalTo(1))
                .body("metrics.macroF1", equalTo(0.82f)).body("heldoutSnapshotId", equalTo("snap-1"))
                .body("lineage.step", equalTo(10)).body("lineage.fromOffsets.'0'", equalTo(144))
                .body("lineage.offsets.'0'", equalTo(160)).body("lineage.labels", hasSize(2))
                .body("download.file", equalTo("model.zip")).body("download.url", notNullValue())
                .body("serving.file", contains(ModelBundle.MODEL_CARD));
        given().get("/api/v1/models/" + model).then().statusCode(200).body("champion.version", equalTo(1));
        given().get("/api/v1/models/" + model + "/versions").then().statusCode(200)
                .body("", hasSize(1)).body("[0].champion", equalTo(true)).body("[0].gates[0].gate", equalTo("value"));
        given().get("/api/v1/models/" + model + "/versions/1").then().statusCode(200)
                .body("checkpointId", equalTo("ck-1")).body("metrics.macroF1", equalTo(0.82f));
        given().get("/api/v1/models/" + model + "/decisions").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].outcome", equalTo("PROMOTED"))
                .body("items[0].version", equalTo(1));
        given().get("/api/v1/models/" + model + "/history").then().statusCode(200)
                .body("[0].macroF1", equalTo(0.82f)).body("[0].outcome", equalTo("PROMOTED"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("streamtune_registry_promotions_total{model=\"" + model + "\"} 1.0"))
                .body(containsString("streamtune_registry_champion_age_seconds{model=\"" + model + "\"}"))
                // HTTP server metrics from the Micrometer extension, by route template
                .body(containsString("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\","
                        + "status=\"200\",uri=\"/api/v1/models/{name}/history\"}"));
    }

    @Test
    void theDownloadUrlReturnsTheBundleBytes() throws Exception {
        String model = modelWithChampion("dl");
        String location = given().redirects().follow(false).get("/api/v1/models/" + model + "/versions/1/download")
                .then().statusCode(302).extract().header("Location");
        byte[] downloaded = fetch(location);

        byte[] stored = store.objects().get(store.settings().modelsBucket(),
                model + "/versions/1/" + ModelBundle.FILE_NAME);
        assertThat(downloaded).isEqualTo(stored);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(downloaded));
        assertThat(store.readVersion(model, 1).orElseThrow().files())
                .anySatisfy(f -> assertThat(f.path() + " " + f.sha256()).isEqualTo("model.zip " + sha));

        String card = new String(fetch(given().redirects().follow(false).get("/api/v1/models/" + model
                + "/versions/1/download?file=" + ModelBundle.MODEL_CARD).then().statusCode(302).extract()
                .header("Location")), StandardCharsets.UTF_8);
        assertThat(card).startsWith("# " + model + " — version 1\n").contains("| macro-F1 | 0.8200 |")
                .contains("`snap-1`").contains("| base model | `all-minilm-l6-v2` |")
                .contains("| stream offsets (partition → next offset) | {0=160} |")
                .contains("passed `value`");

        Map<String, String> entries = unzip(downloaded);
        assertThat(entries).containsEntry("weights.bin", "weights of ck-1")
                .containsEntry("replay/buffer.bin", "buffer of ck-1").containsKey("checkpoint-manifest.json")
                .doesNotContainKeys("replay.bin", "ledger.json"); // the trainer's state stays in the version folder
        assertThat(store.readVersion(model, 1).orElseThrow().files()).extracting(f -> f.path())
                .contains("replay.bin", "ledger.json");
        assertThat(entries.get(VersionManifest.EVALUATION_FILE)).contains("\"checkpointId\":\"ck-1\"");

        String championUrl = given().get("/api/v1/models/" + model + "/champion").then().statusCode(200)
                .extract().path("download.url");
        assertThat(fetch(championUrl)).isEqualTo(stored);
        // one file of the version, by name
        String weights = given().redirects().follow(false).queryParam("file", "weights.bin")
                .get("/api/v1/models/" + model + "/versions/1/download").then().statusCode(302)
                .extract().header("Location");
        assertThat(new String(fetch(weights), StandardCharsets.UTF_8)).isEqualTo("weights of ck-1");
        given().redirects().follow(false).queryParam("file", "nope.bin")
                .get("/api/v1/models/" + model + "/versions/1/download").then().statusCode(404);
    }

    @Test
    void aWorseCandidateIsRejectedWithEveryFailedGateNamed() {
        String model = modelWithChampion("reject");
        TestModels.checkpoint(store, model, "ck-2", "ck-1", 20);
        CheckpointEvaluated worse = Evaluations.against(model, "ck-2", 0.55, "ck-1", 1, 0.82,
                Map.of("2026-11-01T00:00:00Z", 0.2), 40);
        TestKafka.sendEvent(Topics.EVALUATIONS, model, worse);
        Map<String, Object> d = Decisions.awaitFor(model, worse.eventId());
        assertThat(d).containsEntry("outcome", "REJECTED").containsEntry("checkpointId", "ck-2");
        assertThat((List<Object>) d.get("failedGates"))
                .containsExactly("evaluated-count", "value", "change", "forgetting");
        assertThat((String) d.get("reason")).contains("evaluated 40 held-out examples, minimum 100")
                .contains("macro-F1 0.5500, minimum 0.6000").contains("vs champion 0.8200")
                .contains("forgot 0.2000, maximum 0.0500");
        // the dashboard's history: the marker's failed gates, per-class F1 and forgetting per slice
        given().get("/api/v1/models/" + model + "/history").then().statusCode(200)
                .body("[-1].outcome", equalTo("REJECTED")).body("[-1].failedGates", hasSize(4))
                .body("[-1].perClassF1.spam", equalTo(0.55f))
                .body("[-1].forgetting.'2026-11-01T00:00:00Z'", equalTo(0.2f));
        given().get("/api/v1/models/" + model + "/champion").then().statusCode(200)
                .body("metrics.confusion.spam.spam", equalTo(100));

        CheckpointEvaluated tooFew = Evaluations.notScored(model, "ck-3",
                CheckpointEvaluated.Status.INSUFFICIENT_DATA, "12 held-out examples, 50 needed");
        TestKafka.sendEvent(Topics.EVALUATIONS, model, tooFew);
        Map<String, Object> d2 = Decisions.awaitFor(model, tooFew.eventId());
        assertThat((List<Object>) d2.get("failedGates")).containsExactly("status");
        assertThat((String) d2.get("reason")).contains("INSUFFICIENT_DATA: 12 held-out examples, 50 needed");

        CheckpointEvaluated broken = Evaluations.notScored(model, "ck-4", CheckpointEvaluated.Status.FAILED,
                "weights.bin cannot be loaded");
        TestKafka.sendEvent(Topics.EVALUATIONS, model, broken);
        assertThat((String) Decisions.awaitFor(model, broken.eventId()).get("reason")).contains("FAILED");

        // the log is newest first across pages
        given().get("/api/v1/models/" + model + "/decisions?page=0&size=3").then().statusCode(200)
                .body("total", equalTo(4)).body("page", equalTo(0)).body("size", equalTo(3))
                .body("items.checkpointId", org.hamcrest.Matchers.contains("ck-4", "ck-3", "ck-2"));
        given().get("/api/v1/models/" + model + "/decisions?page=1&size=3").then().statusCode(200)
                .body("total", equalTo(4)).body("items.checkpointId", org.hamcrest.Matchers.contains("ck-1"))
                .body("items[0].outcome", equalTo("PROMOTED"));
        given().get("/api/v1/models/" + model + "/decisions?page=2&size=3").then().statusCode(200)
                .body("items", hasSize(0));

        assertThat(store.listVersions(model)).containsExactly(1);
        assertThat(store.readChampion(model).orElseThrow().value().version()).isEqualTo(1);
        given().get("/q/metrics").then().body(containsString(
                "streamtune_registry_rejections_total{gate=\"change\",model=\"" + model + "\"} 1.0"));
    }

    @Test
    void aPassingEvaluationOfACheckpointMissingFromS3IsRejectedNotDropped() {
        String model = TestModels.uniqueName("ghost");
        TestModels.define(model);
        CheckpointEvaluated ghost = Evaluations.first(model, "ck-ghost", 0.9);
        TestKafka.sendEvent(Topics.EVALUATIONS, model, ghost);
        Map<String, Object> d = Decisions.awaitFor(model, ghost.eventId());
        assertThat(d).containsEntry("outcome", "REJECTED");
        assertThat((List<Object>) d.get("failedGates")).containsExactly("artifact");
        assertThat(store.listVersions(model)).isEmpty();
        assertThat(store.readChampion(model)).isEmpty();
    }

    @Test
    void aBetterCandidatePassesTheChangeGateAndNamesThePreviousVersion() {
        String model = modelWithChampion("better");
        TestModels.checkpoint(store, model, "ck-2", "ck-1", 20);
        CheckpointEvaluated better = Evaluations.against(model, "ck-2", 0.90, "ck-1", 1, 0.82);
        TestKafka.sendEvent(Topics.EVALUATIONS, model, better);
        assertThat(Decisions.awaitFor(model, better.eventId())).containsEntry("outcome", "PROMOTED")
                .containsEntry("version", 2).containsEntry("previousVersion", 1);
        List<ConsumerRecord<String, byte[]>> events = TestKafka.read(Topics.PROMOTIONS, model, l -> l.size() >= 2,
                Duration.ofSeconds(30));
        ModelPromoted second = EventJson.read(events.get(1).value(), ModelPromoted.class);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.previousVersion()).isEqualTo(1);
        assertThat(second.generation()).isEqualTo(2);
        given().get("/api/v1/models/" + model + "/champion").then().body("lineage.parentCheckpointId",
                equalTo("ck-1"));
    }

    @Test
    void aRedeliveredEvaluationNeverCreatesASecondVersion() {
        String model = TestModels.uniqueName("redeliver");
        TestModels.define(model);
        TestModels.checkpoint(store, model, "ck-1", null, 10);
        CheckpointEvaluated first = Evaluations.first(model, "ck-1", 0.82);
        byte[] bytes = EventJson.write(first);
        for (int i = 0; i < 3; i++) {
            TestKafka.send(Topics.EVALUATIONS, model, bytes);
        }
        // a fresh evaluation of the same checkpoint (another event id) after the copies
        CheckpointEvaluated again = Evaluations.against(model, "ck-1", 0.82, "ck-1", 1, 0.82);
        TestKafka.sendEvent(Topics.EVALUATIONS, model, again);
        Map<String, Object> d = Decisions.awaitFor(model, again.eventId());
        assertThat(d).containsEntry("outcome", "REJECTED");
        assertThat((List<Object>) d.get("failedGates")).containsExactly("new-checkpoint");

        assertThat(store.listVersions(model)).containsExactly(1);
        assertThat(Decisions.all(model)).hasSize(2);
        assertThat(store.readChampion(model).orElseThrow().value().generation()).isEqualTo(1);
        assertThat(TestKafka.readAll(Topics.PROMOTIONS, model, Duration.ofSeconds(3))).hasSize(1);
        given().get("/q/metrics").then().body(containsString(
                "streamtune_registry_duplicates_total{model=\"" + model + "\"} 2.0"));
    }

    @Test
    void poisonRecordsGoToTheDlqAndConsumptionGoesOn() {
        String model = TestModels.uniqueName("poison");
        TestModels.define(model);
        TestModels.checkpoint(store, model, "ck-1", null, 10);
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        byte[] invalid = "{\"model\":\"Bad Name\",\"checkpointId\":\"ck-1\",\"status\":\"EVALUATED\"}"
                .getBytes(StandardCharsets.UTF_8);
        TestKafka.send(Topics.EVALUATIONS, model, garbage);
        TestKafka.send(Topics.EVALUATIONS, model, invalid);
        CheckpointEvaluated good = Evaluations.first(model, "ck-1", 0.82);
        TestKafka.sendEvent(Topics.EVALUATIONS, model, good);
        assertThat(Decisions.awaitFor(model, good.eventId())).containsEntry("outcome", "PROMOTED");

        List<ConsumerRecord<String, byte[]>> dead = TestKafka.read(Topics.DLQ, model, l -> l.size() >= 2,
                Duration.ofSeconds(30));
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        assertThat(dead.get(1).value()).isEqualTo(invalid);
        assertThat(header(dead.get(0), DlqHeaders.REASON)).contains("Not a valid CheckpointEvaluated JSON");
        assertThat(header(dead.get(1), DlqHeaders.REASON)).contains("model").contains("Bad Name")
                .contains("candidate: is required");
        assertThat(header(dead.get(0), DlqHeaders.SOURCE_TOPIC)).isEqualTo(Topics.EVALUATIONS);
        assertThat(header(dead.get(0), DlqHeaders.SOURCE_PARTITION)).matches("[0-9]+");
        assertThat(Long.parseLong(header(dead.get(1), DlqHeaders.SOURCE_OFFSET)))
                .isGreaterThan(Long.parseLong(header(dead.get(0), DlqHeaders.SOURCE_OFFSET)));
        assertThat(header(dead.get(0), DlqHeaders.CONSUMER)).isEqualTo("registry-service/evaluations");
    }

    @Test
    void rollbackMovesTheChampionBackRecordsWhyAndAnnouncesIt() {
        String model = modelWithChampion("rollback");
        TestModels.checkpoint(store, model, "ck-2", "ck-1", 20);
        CheckpointEvaluated better = Evaluations.against(model, "ck-2", 0.90, "ck-1", 1, 0.82);
        TestKafka.sendEvent(Topics.EVALUATIONS, model, better);
        Decisions.awaitFor(model, better.eventId());

        given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"version\":2,\"reason\":\"already\"}").post("/api/v1/models/" + model + "/rollback")
                .then().statusCode(409).body("detail", containsString("already is the champion"));
        given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"version\":1,\"reason\":\"v2 mislabels invoices\"}")
                .post("/api/v1/models/" + model + "/rollback")
                .then().statusCode(200).body("kind", equalTo("ROLLBACK")).body("version", equalTo(1))
                .body("previousVersion", equalTo(2)).body("generation", equalTo(3))
                .body("reason", equalTo("v2 mislabels invoices"));

        given().get("/api/v1/models/" + model + "/champion").then().statusCode(200).body("version", equalTo(1))
                .body("checkpointId", equalTo("ck-1")).body("generation", equalTo(3))
                .body("reason", equalTo("rollback: v2 mislabels invoices"));
        given().get("/api/v1/models/" + model + "/decisions").then()
                .body("items[0].kind", equalTo("ROLLBACK")).body("items[0].outcome", equalTo("ROLLED_BACK"))
                .body("items[0].version", equalTo(1)).body("items[0].previousVersion", equalTo(2))
                .body("items[0].reason", equalTo("v2 mislabels invoices"));
        List<ConsumerRecord<String, byte[]>> events = TestKafka.read(Topics.PROMOTIONS, model, l -> l.size() >= 3,
                Duration.ofSeconds(30));
        ModelPromoted rollback = EventJson.read(events.get(2).value(), ModelPromoted.class);
        assertThat(rollback.kind()).isEqualTo(ModelPromoted.Kind.ROLLBACK);
        assertThat(rollback.version()).isEqualTo(1);
        assertThat(rollback.metrics().macroF1()).isEqualTo(0.82);

        // the same rollback again (a client that saw no answer): the move made, not a second one nor a conflict
        given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"version\":1,\"reason\":\"again\"}").post("/api/v1/models/" + model + "/rollback")
                .then().statusCode(200).body("version", equalTo(1)).body("generation", equalTo(3))
                .body("eventId", equalTo(rollback.eventId())).body("reason", equalTo("v2 mislabels invoices"));
        assertThat(store.readChampion(model).orElseThrow().value().generation()).isEqualTo(3);
        assertThat(store.listVersions(model)).containsExactly(1, 2);
    }

    @Test
    void anSseClientIsToldOfThePromotionAsItHappens() throws Exception {
        String model = TestModels.uniqueName("sse");
        TestModels.define(model);
        TestModels.checkpoint(store, model, "ck-1", null, 10);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/models/"
                + model + "/events")).header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Void>> stream = http.sendAsync(request,
                HttpResponse.BodyHandlers.ofByteArrayConsumer(chunk -> chunk.ifPresent(
                        b -> new String(b, StandardCharsets.UTF_8).lines().forEach(lines::add))));
        try {
            awaitLine(lines, "event:champion");
            CheckpointEvaluated first = Evaluations.first(model, "ck-1", 0.82);
            TestKafka.sendEvent(Topics.EVALUATIONS, model, first);
            awaitLine(lines, "event:promotion");
            String data = awaitLine(lines, "data:");
            ModelPromoted event = EventJson.read(data.substring(5).getBytes(StandardCharsets.UTF_8),
                    ModelPromoted.class);
            assertThat(event.model()).isEqualTo(model);
            assertThat(event.version()).isEqualTo(1);
            assertThat(event.checkpointId()).isEqualTo("ck-1");
        } finally {
            stream.cancel(true);
        }
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            String line = lines.poll(500, TimeUnit.MILLISECONDS);
            if (line != null && line.replace(": ", ":").startsWith(prefix)) {
                return line.replace(": ", ":");
            }
        }
        throw new AssertionError("No SSE line starting with " + prefix + " within 60 s");
    }

    private byte[] fetch(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET %s", url).isEqualTo(200);
        return r.body();
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
