package io.streamtune.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.streamtune.contracts.DlqHeaders;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.HeldoutSplit;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import io.streamtune.ingest.messaging.ModelSpecCache;
import io.streamtune.ingest.support.Http;
import io.streamtune.ingest.support.TestKafka;
import io.streamtune.ingest.support.TestKeys;
import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.RealServersResource;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ingest API against a real Kafka broker: what is answered 2xx is on the right topic under the right key, and
 * nothing of a refused request is on any topic.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServersResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = RealServersResource.SERVERS_ARG, value = "kafka"))
@QuarkusTestResource(value = TestKeys.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestIT {

    static final ModelSpec SPAM = new ModelSpec(null, 0, null, "spam", LabelSet.closed("ham", "spam"), null, 0, 20,
            0, null, null);
    static final ModelSpec TICKETS = new ModelSpec(null, 0, null, "tickets", LabelSet.open("billing"), null, 0, 50,
            0, null, null);
    /** Texts up to the contract's ceiling (1,000,000 chars), more than fit in one Kafka record as UTF-8. */
    static final ModelSpec BIG = new ModelSpec(null, 0, null, "big", LabelSet.closed("a", "b"), null, 1_000_000, 20,
            0, null, null);
    /** Every id answered 202, with the topic, partition and offset the answer named. */
    static final Map<String, Placement> ACCEPTED = new ConcurrentHashMap<>();

    record Placement(String model, String topic, int partition, long offset) {
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    ModelSpecCache specs;

    Http http;
    TestKafka kafka;

    @BeforeEach
    void setUp() {
        http = new Http(base.toString());
        kafka = new TestKafka(RealServers.kafka().bootstrapServers());
        if (specs.find("spam").isEmpty() || specs.find("tickets").isEmpty() || specs.find("big").isEmpty()) {
            kafka.publishSpec(SPAM);
            kafka.publishSpec(TICKETS);
            kafka.publishSpec(BIG);
            await().atMost(Duration.ofSeconds(30)).until(() -> specs.find("spam").isPresent()
                    && specs.find("tickets").isPresent() && specs.find("big").isPresent());
        }
    }

    @Test
    @Order(1)
    void oneExampleIsOnItsTopicUnderItsIdOnceAnswered() {
        HttpResponse<String> r = http.post("spam").body("{\"id\":\"msg-42\",\"text\":\"Win a free cruise now!\","
                + "\"label\":\"spam\",\"eventTime\":\"2026-11-23T12:00:00Z\",\"metadata\":{\"lang\":\"en\"}}").send();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = json(r);
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        JsonNode placed = body.get("examples").get(0);
        assertThat(placed.get("id").asText()).isEqualTo("msg-42");
        // bucket(dev key, "spam", "msg-42") = 26 ≥ 20: train
        assertThat(placed.get("split").asText()).isEqualTo("train");
        assertThat(placed.get("topic").asText()).isEqualTo("streamtune.spam.train");
        remember(body);

        ConsumerRecord<byte[], byte[]> record = recordAt(ACCEPTED.get("msg-42"));
        assertThat(TestKafka.key(record)).isEqualTo("msg-42");
        LabelledExample e = EventJson.read(record.value(), LabelledExample.class);
        assertThat(e.text()).isEqualTo("Win a free cruise now!");
        assertThat(e.label()).isEqualTo("spam");
        assertThat(e.model()).isEqualTo("spam");
        assertThat(e.source()).isEqualTo("demo");
        assertThat(e.eventTime()).hasToString("2026-11-23T12:00:00Z");
        assertThat(e.metadata()).containsEntry("lang", "en");
    }

    @Test
    @Order(2)
    void batchesAndNdjsonSplitDeterministicallyAndResendsLandInTheSamePlace() {
        String array = IntStream.range(0, 200).mapToObj(i -> "{\"id\":\"arr-" + i + "\",\"text\":\"text " + i
                + "\",\"label\":\"" + (i % 2 == 0 ? "ham" : "spam") + "\"}").collect(Collectors.joining(",", "[", "]"));
        HttpResponse<String> r = http.post("spam").body(array).send();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = json(r);
        assertThat(body.get("accepted").asInt()).isEqualTo(200);
        assertThat(body.get("heldout").asInt()).isBetween(20, 70);
        for (JsonNode p : body.get("examples")) {
            String id = p.get("id").asText();
            assertThat(p.get("topic").asText()).isEqualTo(HeldoutSplit.side(TestKeys.HELDOUT, "spam", id, 20).topic("spam"));
        }
        remember(body);

        String ndjson = IntStream.range(0, 30).mapToObj(i -> "{\"id\":\"nd-" + i + "\",\"text\":\"ticket " + i
                + "\",\"label\":\"" + (i < 10 ? "billing" : "shipping-" + i % 3) + "\"}").collect(Collectors.joining("\n"));
        HttpResponse<String> nd = http.post("tickets").contentType("application/x-ndjson").body(ndjson).send();
        assertThat(nd.statusCode()).as(nd.body()).isEqualTo(202);
        remember(json(nd));

        // the same examples again: same topics (the split is a function of model and id)
        HttpResponse<String> again = http.post("spam").body(array).send();
        assertThat(again.statusCode()).isEqualTo(202);
        for (JsonNode p : json(again).get("examples")) {
            assertThat(p.get("topic").asText()).isEqualTo(ACCEPTED.get(p.get("id").asText()).topic());
        }
        remember(json(again));
    }

    @Test
    @Order(3)
    void idsAreMadeOfTheContentWhenAbsentSoAResendIsTheSameExample() {
        HttpResponse<String> r = http.post("tickets").key(null).header("X-API-Key", Http.DEMO_KEY)
                .body("{\"text\":\"my invoice is wrong\",\"label\":\"billing\"}").send();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode placed = json(r).get("examples").get(0);
        // SHA-256 over model, source, label, text (BatchValidatorTest has the formula)
        assertThat(placed.get("id").asText()).isEqualTo("c-836fdec235ce134cdc5ebdd4d3704e99");
        remember(json(r));
        HttpResponse<String> again = http.post("tickets").body("{\"text\":\"my invoice is wrong\",\"label\":"
                + "\"billing\",\"eventTime\":\"2026-11-23T12:00:00Z\"}").send();
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(json(again).get("examples").get(0).get("id").asText()).isEqualTo(placed.get("id").asText());
        assertThat(json(again).get("examples").get(0).get("topic").asText()).isEqualTo(placed.get("topic").asText());
        assertThat(TestKafka.key(recordAt(ACCEPTED.get(placed.get("id").asText()))))
                .isEqualTo(placed.get("id").asText());
    }

    static List<BadInput> badInputs() {
        return BadInputs.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    @Order(4)
    void badInputIsRefusedWithAMessageNamingTheProblem(BadInput bad) {
        HttpResponse<String> r = bad.request().apply(http).send();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(bad.status());
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        JsonNode body = json(r);
        String everything = body.toString();
        assertThat(everything).as("the message names the problem").contains(bad.mentions());
        assertThat(body.get("status").asInt()).isEqualTo(bad.status());
        assertThat(everything).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("io.streamtune");
        HttpResponse<String> ready = http.get("/q/health/ready");
        assertThat(ready.statusCode()).as("still ready after: " + bad + " " + ready.body()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void aKeyOverItsRateGets429WithRetryAfter() {
        int[] statuses = IntStream.range(0, 4).map(i -> http.post("spam").key(TestKeys.SLOW_KEY)
                .body("{\"id\":\"bad-slow-" + i + "\",\"text\":\"x\",\"label\":\"eggs\"}").send().statusCode()).toArray();
        // burst 2: the first two pass the gate (and fail validation), the rest are throttled
        assertThat(statuses).containsExactly(400, 400, 429, 429);
        HttpResponse<String> r = http.post("spam").key(TestKeys.SLOW_KEY).body("{\"text\":\"x\",\"label\":\"ham\"}").send();
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isBetween(1, 20));
        assertThat(r.body()).contains("'slow'").contains("rate");
    }

    @Test
    @Order(6)
    void aPoisonSpecGoesToTheDlqAndTheCacheReadsOn() {
        byte[] poison = "{not a spec".getBytes(StandardCharsets.UTF_8);
        kafka.publish(Topics.MODELS, "broken".getBytes(StandardCharsets.UTF_8), poison);
        kafka.publishSpec(ModelSpec.of("late", LabelSet.closed("a", "b")));
        await().atMost(Duration.ofSeconds(30)).until(() -> specs.find("late").isPresent());
        assertThat(specs.find("broken")).isEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<byte[], byte[]>> dlq = kafka.readAll(Topics.DLQ);
            assertThat(dlq).anySatisfy(d -> {
                assertThat(TestKafka.key(d)).isEqualTo("broken");
                assertThat(d.value()).isEqualTo(poison);
                assertThat(header(d, DlqHeaders.REASON)).contains("not a valid ModelSpec");
                assertThat(header(d, DlqHeaders.SOURCE_TOPIC)).isEqualTo(Topics.MODELS);
                assertThat(header(d, DlqHeaders.SOURCE_PARTITION)).isEqualTo("0");
                assertThat(Long.parseLong(header(d, DlqHeaders.SOURCE_OFFSET))).isNotNegative();
                assertThat(header(d, DlqHeaders.CONSUMER)).isEqualTo(ModelSpecCache.CONSUMER);
            });
        });
        HttpResponse<String> r = http.post("late").body("{\"id\":\"late-1\",\"text\":\"x\",\"label\":\"a\"}").send();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        remember(json(r));
    }

    @Test
    @Order(7)
    void healthMetricsAndOpenApiAreServed() {
        HttpResponse<String> ready = http.get("/q/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"Kafka brokers\"").contains("\"model-specs\"").doesNotContain("DOWN");
        assertThat(http.get("/q/health/live").statusCode()).isEqualTo(200);
        assertThat(http.get("/q/health/started").statusCode()).isEqualTo(200);

        String metrics = http.get("/q/metrics").body();
        assertThat(metrics).contains("streamtune_ingest_examples_accepted_total{model=\"spam\",split=\"train\"}")
                .contains("streamtune_ingest_requests_rejected_total{reason=\"invalid\"}")
                .contains("streamtune_ingest_requests_rejected_total{reason=\"unauthorized\"}")
                .contains("streamtune_ingest_requests_rejected_total{reason=\"rate_limited\"}")
                .contains("streamtune_ingest_request_latency_seconds_count{outcome=\"accepted\"}")
                .contains("streamtune_ingest_batch_size_examples_count")
                // HTTP server metrics from the Micrometer extension, by route template
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"202\","
                        + "uri=\"/api/v1/models/\\{model}/examples\"}");

        String openapi = http.get("/q/openapi?format=json").body();
        assertThat(openapi).contains("/api/v1/models/{model}/examples").contains("application/x-ndjson")
                .contains("msg-42").contains("\"413\"").contains("\"503\"");
        assertThat(http.get("/q/swagger-ui/").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(8)
    void anOpenLabelSetTakesNewLabelsUpToItsCap() {
        kafka.publishSpec(ModelSpec.of("capped", LabelSet.open(3, "a")));
        await().atMost(Duration.ofSeconds(30)).until(() -> specs.find("capped").isPresent());
        HttpResponse<String> r = http.post("capped").body("[{\"id\":\"cap-1\",\"text\":\"x\",\"label\":\"a\"},"
                + "{\"id\":\"cap-2\",\"text\":\"x\",\"label\":\"b\"},{\"id\":\"cap-3\",\"text\":\"x\","
                + "\"label\":\"c\"}]").send();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        remember(json(r));
        HttpResponse<String> over = http.post("capped").body("[{\"id\":\"bad-cap-1\",\"text\":\"x\",\"label\":"
                + "\"b\"},{\"id\":\"bad-cap-2\",\"text\":\"x\",\"label\":\"d\"}]").send();
        assertThat(over.statusCode()).as(over.body()).isEqualTo(400);
        assertThat(over.body()).contains("too_many_labels").contains("[1].label").contains("labels.maxLabels")
                .contains("at most 3 distinct labels").contains("nothing was written");
    }

    @Test
    @Order(9)
    void aKeyOverItsExamplesOrBytesBudgetGets429NamingIt() {
        String thousand = IntStream.range(0, 1000).mapToObj(i -> "{\"id\":\"bad-thrifty-" + i
                + "\",\"text\":\"x\",\"label\":\"eggs\"}").collect(Collectors.joining(",", "[", "]"));
        assertThat(http.post("spam").key(TestKeys.THRIFTY_KEY).body(thousand).send().statusCode()).isEqualTo(400);
        HttpResponse<String> r = http.post("spam").key(TestKeys.THRIFTY_KEY)
                .body("{\"id\":\"bad-thrifty-x\",\"text\":\"x\",\"label\":\"ham\"}").send();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(r.body()).contains("'thrifty'").contains("examples per second rate");
        assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isBetween(1, 101));

        // exactly the largest body, which is the whole bytes burst: nothing is left for the next request
        String head = "{\"id\":\"bad-narrow-1\",\"text\":\"";
        String tail = "\",\"label\":\"ham\"}";
        String big = head + "x".repeat(4 * 1024 * 1024 - head.length() - tail.length()) + tail;
        assertThat(http.post("spam").key(TestKeys.NARROW_KEY).body(big).send().statusCode()).isEqualTo(400);
        HttpResponse<String> narrow = http.post("spam").key(TestKeys.NARROW_KEY)
                .body("{\"id\":\"bad-narrow-2\",\"text\":\"x\",\"label\":\"ham\"}").send();
        assertThat(narrow.statusCode()).as(narrow.body()).isEqualTo(429);
        assertThat(narrow.body()).contains("'narrow'").contains("body bytes per second rate");
        assertThat(narrow.headers()).satisfies(h -> assertThat(h.firstValue("Retry-After")).isPresent());
    }

    @Test
    @Order(10)
    void requestsInFlightAreLimitedPerKeyAndOverall() throws Exception {
        List<java.net.Socket> stalled = new java.util.ArrayList<>();
        try {
            // bodies that never finish: each request stays in flight until its connection closes
            for (int i = 0; i < 16; i++) {
                stalled.add(stall("spam", Http.DEMO_KEY));
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> r = http.post("spam").body("{\"id\":\"bad-fl-1\",\"text\":\"x\",\"label\":"
                        + "\"eggs\"}").send();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                assertThat(r.body()).contains("too_many_in_flight").contains("'demo'").contains("16 requests")
                        .contains("max-in-flight-per-key");
                assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            });
            for (int i = 0; i < TestKeys.MAX_IN_FLIGHT - 16; i++) {
                stalled.add(stall("tickets", TestKeys.OTHER_KEY));
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> r = http.post("spam").key(TestKeys.THRIFTY_KEY).body("{}").send();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                assertThat(r.body()).contains("overloaded").contains(TestKeys.MAX_IN_FLIGHT + " requests")
                        .contains("limits.max-in-flight");
            });
        } finally {
            for (java.net.Socket s : stalled) {
                s.close();
            }
        }
        // a closed connection ends its request: the slots are free again
        await().atMost(Duration.ofSeconds(20)).until(() -> http.post("spam").body("{\"id\":\"bad-fl-2\",\"text\":"
                + "\"x\",\"label\":\"eggs\"}").send().statusCode() == 400);
    }

    @Test
    @Order(11)
    void aBatchKafkaRefusesInPartLeavesNothingVisible() {
        // the held-out topic takes no record over 1 KB: the batch's train records are fine, its held-out ones not
        kafka.createTopic("streamtune.atomic.train", Map.of());
        kafka.createTopic("streamtune.atomic.heldout", Map.of("max.message.bytes", "1024"));
        kafka.publishSpec(new ModelSpec(null, 0, null, "atomic", LabelSet.closed("a", "b"), null, 0, 50, 0, null,
                null));
        await().atMost(Duration.ofSeconds(30)).until(() -> specs.find("atomic").isPresent());
        String batch = IntStream.range(0, 20).mapToObj(i -> "{\"id\":\"bad-atomic-" + i + "\",\"text\":\""
                + "y".repeat(2000) + "\",\"label\":\"a\"}").collect(Collectors.joining(",", "[", "]"));
        HttpResponse<String> r = http.post("atomic").body(batch).send();
        // the producer splits what the broker refuses until a record fails alone or the ack timeout passes
        assertThat(r.statusCode()).as(r.body()).isIn(413, 503);
        assertThat(r.body()).contains("nothing was written");
        assertThat(kafka.readAll(Set.of("streamtune.atomic.train", "streamtune.atomic.heldout")))
                .as("a refused batch leaves no record a read_committed consumer sees").isEmpty();
    }

    /** A POST whose headers are sent and whose body is not. */
    private java.net.Socket stall(String model, String key) throws java.io.IOException {
        java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort());
        socket.getOutputStream().write(("POST /api/v1/models/" + model + "/examples HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + key + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n"
                + "\r\n{").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    @Test
    @Order(100)
    void everythingAcceptedIsInKafkaAndNothingRefusedIs() {
        Set<String> topics = kafka.topics(Pattern.compile("streamtune\\.[a-z0-9-]+\\.(train|heldout)"));
        List<ConsumerRecord<byte[], byte[]>> all = kafka.readAll(topics);
        Map<String, String> topicOfKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : all) {
            String key = TestKafka.key(r);
            assertThat(key).as("a refused request's example is on " + r.topic()).doesNotStartWith("bad-");
            assertThat(ACCEPTED).as("every record on a topic was answered 202").containsKey(key);
            topicOfKey.put(key, r.topic());
            LabelledExample e = EventJson.read(r.value(), LabelledExample.class);
            assertThat(e.id()).isEqualTo(key);
            assertThat(r.topic()).isEqualTo(HeldoutSplit.side(TestKeys.HELDOUT, e.model(), e.id(), e.model().equals("tickets") ? 50 : 20)
                    .topic(e.model()));
        }
        assertThat(topicOfKey.keySet()).containsExactlyInAnyOrderElementsOf(ACCEPTED.keySet());
        // nor on any other topic ingest writes (the DLQ): only the specs topic holds what the test itself published
        Set<String> others = kafka.topics(Pattern.compile("streamtune\\..*"));
        others.removeAll(topics);
        others.remove(Topics.MODELS);
        assertThat(others).contains(Topics.DLQ);
        assertThat(kafka.readAll(others)).extracting(TestKafka::key)
                .noneSatisfy(k -> assertThat(k).startsWith("bad-"));
        ACCEPTED.forEach((id, p) -> assertThat(topicOfKey.get(id)).isEqualTo(p.topic()));
        assertThat(http.get("/q/health/ready").statusCode()).isEqualTo(200);
    }

    private ConsumerRecord<byte[], byte[]> recordAt(Placement p) {
        return kafka.readAll(p.topic()).stream()
                .filter(r -> r.partition() == p.partition() && r.offset() == p.offset())
                .findFirst().orElseThrow(() -> new AssertionError("no record at " + p));
    }

    private static void remember(JsonNode accepted) {
        String model = accepted.get("model").asText();
        for (JsonNode p : accepted.get("examples")) {
            ACCEPTED.put(p.get("id").asText(), new Placement(model, p.get("topic").asText(),
                    p.get("partition").asInt(), p.get("offset").asLong()));
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return EventJson.mapper().readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("Not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
