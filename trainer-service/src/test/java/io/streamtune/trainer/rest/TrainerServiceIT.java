package io.streamtune.trainer.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import io.streamtune.localstack.test.RealServersResource;
import io.streamtune.trainer.RealStreams;
import io.streamtune.training.SyntheticTopics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The whole service against the real broker and S3 server, with the real encoder (head mode, 32 tokens): a pool
 * replica with no model yet is ready and owns nothing; once its model's topic exists the pool gives it the model,
 * which it trains (what arrives, a poison record dead-lettered, checkpoints under the head it claimed), and reports it
 * all through status, metrics, health and OpenAPI.
 */
@QuarkusTest
@QuarkusTestResource(RealServersResource.class)
class TrainerServiceIT {

    static final String MODEL = "svc-it";

    @Test
    void trainsWhatArrivesAndReportsIt() {
        // in the pool (the group gave it its share: nothing yet), so ready, owning no model
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        given().get("/api/v1/trainer/models").then().statusCode(200).body("size()", equalTo(0));
        RealStreams.createTopic(Topics.train(MODEL), 2);
        RealStreams.publishSpec(ModelSpec.of(MODEL, LabelSet.closed("football", "tennis")));
        List<LabelledExample> examples = SyntheticTopics.examples(MODEL, List.of("football", "tennis"), 20, "svc",
                7);
        RealStreams.produce(MODEL, examples);
        RealStreams.send(List.of(new ProducerRecord<>(Topics.train(MODEL), RealStreams.utf8("poison"),
                RealStreams.utf8("[1, 2, 3]"))));

        await().atMost(Duration.ofMinutes(3)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                given().get("/api/v1/trainer/models/" + MODEL).then().statusCode(200)
                        .body("state", equalTo("RUNNING"))
                        .body("examplesSeen", equalTo(40))
                        .body("deadLettered", equalTo(1))
                        .body("lag", equalTo(0))
                        .body("lastCheckpointId", notNullValue())
                        .body("generation", equalTo(1))
                        .body("owner", notNullValue()));

        given().get("/api/v1/trainer/models").then().statusCode(200).body("model", hasItem(MODEL));
        given().get("/api/v1/trainer/models/nope").then().statusCode(404);
        given().get("/q/health/live").then().statusCode(200);
        // the per-class replay gauges refresh on a schedule (streamtune.trainer.metrics.refresh, 5 s)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("streamtune_trainer_examples_total{model=\"svc-it\"} 40.0"))
                .body(containsString("streamtune_trainer_dead_letters_total{model=\"svc-it\"} 1.0"))
                .body(containsString("streamtune_trainer_replay_size{label=\"football\",model=\"svc-it\",variant=\"default\"}"))
                .body(containsString("streamtune_trainer_consumer_lag{model=\"svc-it\"} 0.0"))
                // the linear shadow every model gets by default: its cost and memory beside the transformer's
                .body(containsString("streamtune_trainer_variant_memory_bytes{family=\"linear\",model=\"svc-it\","
                        + "variant=\"linear\"}"))
                .body(containsString("streamtune_trainer_variant_cpu_seconds_per1000{family=\"transformer\","
                        + "model=\"svc-it\",variant=\"default\"}"))
                .body(containsString("streamtune_trainer_owned_models 1.0"))
                .body(containsString("streamtune_trainer_head_generation{model=\"svc-it\"} 1.0"))
                .body(containsString("streamtune_trainer_step_seconds"))
                .body(containsString("streamtune_trainer_seconds_since_checkpoint{model=\"svc-it\"}"))
                .body(containsString("jvm_memory_used_bytes"))
                // opening the model went through the kit's retry guard (SmallRye Fault Tolerance's own metrics)
                .body(containsString("method=\"trainer.open-model\""))
                // HTTP server metrics from the Micrometer extension, by route template
                .body(containsString("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\","
                        + "status=\"200\",uri=\"/api/v1/trainer/models/{model}\"}")));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/trainer/models"));
    }
}
