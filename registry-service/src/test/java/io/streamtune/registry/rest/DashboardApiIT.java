package io.streamtune.registry.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.ReplaySummary;
import io.streamtune.contracts.Topics;
import io.streamtune.registry.support.TestKafka;
import io.streamtune.registry.support.TestModels;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What the dashboard reads: live trainer stats from checkpoint announcements, one stream for every model, its assets. */
@QuarkusTest
class DashboardApiIT {

    @TestHTTPResource("/api/v1/events")
    URL events;

    @Test
    void trainerStatsComeFromTheLastTwoCheckpointsAndTheTrainTopicsEnd() throws Exception {
        String model = TestModels.uniqueName("stats");
        TestModels.define(model);
        given().get("/api/v1/models/" + model + "/training").then().statusCode(404)
                .body("detail", containsString("No checkpoint of " + model));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap()))) {
            admin.createTopics(java.util.List.of(new NewTopic(Topics.train(model), 2, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 7; i++) {
            TestKafka.send(Topics.train(model), "e" + i, ("{}").getBytes(StandardCharsets.UTF_8));
        }
        // the records spread over two partitions; the checkpoint read 2 of partition 0 and none of partition 1
        Instant t = Instant.now();
        TestKafka.sendEvent(Topics.CHECKPOINTS, model, checkpoint(model, "ck-1", t, 4, 32, Map.of()));
        TestKafka.sendEvent(Topics.CHECKPOINTS, model, checkpoint(model, "ck-2", t.plusSeconds(4), 8, 64,
                Map.of(0, 2L)));
        JsonPath stats = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> given().get("/api/v1/models/" + model + "/training").then().extract().jsonPath(),
                        j -> "ck-2".equals(j.getString("checkpointId")));
        assertThat(stats.getDouble("examplesPerSecond")).isEqualTo(8.0);
        assertThat(stats.getLong("lag")).isEqualTo(5);
        assertThat(stats.getInt("replay.perClass.spam")).isEqualTo(3);
        given().get("/api/v1/training").then().statusCode(200).body("model", hasItem(model));
    }

    @Test
    void oneStreamCarriesEveryModelsTraining() throws Exception {
        String a = TestModels.uniqueName("mux-a");
        String b = TestModels.uniqueName("mux-b");
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                events.toURI()).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            Thread.sleep(500); // subscribed before the announcements
            Instant t = Instant.now();
            TestKafka.sendEvent(Topics.CHECKPOINTS, a, checkpoint(a, "ck-1", t, 1, 8, Map.of()));
            TestKafka.sendEvent(Topics.CHECKPOINTS, b, checkpoint(b, "ck-1", t, 1, 8, Map.of()));
            java.util.Set<String> seen = new java.util.HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String event = null;
            while (seen.size() < 2 && System.nanoTime() < deadline) {
                String line = lines.readLine();
                if (line == null) {
                    break;
                }
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:") && "training".equals(event)) {
                    Matcher m = Pattern.compile("\"model\":\"([^\"]+)\"").matcher(line);
                    if (m.find()) {
                        seen.add(m.group(1));
                    }
                }
            }
            assertThat(seen).contains(a, b);
        }
    }

    @Test
    void thePageAndEveryScriptAndStyleItLoadsAreServed() {
        String page = given().get("/").then().statusCode(200).contentType(containsString("text/html")).extract()
                .asString();
        Matcher assets = Pattern.compile("(?:src|href)=\"(/[^\"]+\\.(?:js|css))\"").matcher(page);
        int count = 0;
        while (assets.find()) {
            given().get(assets.group(1)).then().statusCode(200);
            count++;
        }
        assertThat(count).as("the echarts bundle, the dashboard's script and style").isEqualTo(3);
        given().get("/dashboard/dashboard.js").then().body(containsString("/api/v1/events"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/events"))
                .body(containsString("/api/v1/models/{name}/training"));
    }

    @Test
    void aModelWithoutEvaluationsHasAnEmptyHistoryAndNoChampion() {
        String model = TestModels.uniqueName("hist");
        TestModels.define(model);
        given().get("/api/v1/models/" + model + "/history").then().statusCode(200).body("size()", equalTo(0));
        given().get("/api/v1/models/" + model).then().statusCode(200).body("champion", nullValue());
    }

    static CheckpointCreated checkpoint(String model, String id, Instant at, long step, long seen,
            Map<Integer, Long> offsets) {
        return new CheckpointCreated(null, 0, at, model, id, null, "s3://checkpoints/" + model + "/" + id + "/", step,
                seen, offsets, at, 0.4, new ReplaySummary(ReplayStrategy.RESERVOIR, 64, 5, Map.of("spam", 3,
                        "ham", 2), 100));
    }
}
