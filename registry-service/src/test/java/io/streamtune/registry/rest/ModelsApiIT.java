package io.streamtune.registry.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import io.streamtune.registry.support.TestKafka;
import io.streamtune.registry.support.TestModels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** Model definitions, the admin key, errors, and the service's own pages. Real Kafka and S3. */
@QuarkusTest
class ModelsApiIT {

    static final String SPEC = "{\"labels\":{\"open\":false,\"values\":[\"ham\",\"spam\"]},\"maxTextChars\":5000,"
            + "\"training\":{\"fineTuneMode\":\"head\",\"batchSize\":8},\"promotion\":{\"minMacroF1\":0.8}}";

    @Test
    void anAdminDefinesAModelWhichIsStoredListedAndPublishedOnTheCompactedTopic() throws Exception {
        String name = TestModels.uniqueName("def");
        given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON).body(SPEC)
                .put("/api/v1/models/" + name)
                .then().statusCode(201).body("name", equalTo(name)).body("maxTextChars", equalTo(5000))
                .body("promotion.minMacroF1", equalTo(0.8f)).body("promotion.maxForgetting", equalTo(0.05f));
        // a replacement answers 200 and wins; Authorization: Bearer works too
        given().header("Authorization", "Bearer " + TestModels.ADMIN_KEY).contentType(ContentType.JSON)
                .body(SPEC.replace("5000", "6000")).put("/api/v1/models/" + name)
                .then().statusCode(200).body("maxTextChars", equalTo(6000));

        given().get("/api/v1/models/" + name).then().statusCode(200).body("spec.maxTextChars", equalTo(6000))
                .body("spec.training.fineTuneMode", equalTo("head")).body("champion", nullValue());
        given().get("/api/v1/models").then().statusCode(200).body("name", hasItem(name));

        List<ConsumerRecord<String, byte[]>> published = TestKafka.read(Topics.MODELS, name, l -> l.size() >= 2,
                Duration.ofSeconds(30));
        assertThat(published).hasSize(2);
        assertThat(EventJson.read(published.get(1).value(), ModelSpec.class).maxTextChars()).isEqualTo(6000);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.MODELS);
            Config config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
        }
    }

    @Test
    void adminCallsWithoutTheKeyOrWithAWrongKeyAre401() {
        String name = TestModels.uniqueName("auth");
        given().contentType(ContentType.JSON).body(SPEC).put("/api/v1/models/" + name)
                .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json").body("detail", containsString("X-Admin-Key"));
        given().header("X-Admin-Key", "not-the-key").contentType(ContentType.JSON).body(SPEC)
                .put("/api/v1/models/" + name).then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer")).body("detail", containsString("not valid"));
        given().contentType(ContentType.JSON).body("{\"version\":1,\"reason\":\"x\"}")
                .post("/api/v1/models/" + name + "/rollback").then().statusCode(401);
        given().header("Authorization", "Bearer not-the-key").contentType(ContentType.JSON)
                .body("{\"version\":1,\"reason\":\"x\"}").post("/api/v1/models/" + name + "/rollback")
                .then().statusCode(401);
        // keys are checked only where a call needs one: a stray wrong key does not close the public API
        given().header("X-Admin-Key", "not-the-key").get("/api/v1/models/" + name).then().statusCode(404);
    }

    @Test
    void anInvalidSpecIs400NamingEachFieldAndItsLimit() {
        String name = TestModels.uniqueName("bad");
        given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"labels\":{\"open\":false,\"values\":[\"only\"]}}").put("/api/v1/models/" + name)
                .then().statusCode(400).body("violations.field", hasItem("labels.values"))
                .body("violations.reason", hasItem(containsString("at least 2 labels")));
        given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"labels\":{\"values\":[\"a\",\"b\"]},\"heldoutPercent\":95,\"maxTextChars\":-1}")
                .put("/api/v1/models/" + name)
                .then().statusCode(400).body("violations.field", hasItems("heldoutPercent", "maxTextChars"))
                .body("detail", containsString("between 1 and 90"));
        given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"labels\":{\"values\":[\"a\",\"b\"]},\"promotion\":{\"minMacroF1\":1.5}}")
                .put("/api/v1/models/" + name)
                .then().statusCode(400).body("violations[0].field", equalTo("promotion.minMacroF1"));
        given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"labels\":{\"values\":[\"a\",\"b\"]},\"maxTextChars\":\"many\"}")
                .put("/api/v1/models/" + name)
                .then().statusCode(400).body("violations[0].field", equalTo("maxTextChars"));
        given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON).body("{\"labels\":")
                .put("/api/v1/models/" + name)
                .then().statusCode(400).body("violations[0].field", equalTo("body"))
                .body("detail", containsString("not valid JSON"));
        given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"other\",\"labels\":{\"values\":[\"a\",\"b\"]}}").put("/api/v1/models/" + name)
                .then().statusCode(400).body("violations[0].field", equalTo("name"));
        given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON).body(SPEC)
                .put("/api/v1/models/Not_A_Name").then().statusCode(400).body("violations[0].field", equalTo("name"));
        // challengers: a misspelt override, and more variants than the trainer memory a model may use (1,500 MB)
        given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"labels\":{\"values\":[\"a\",\"b\"]},\"variants\":[{\"name\":\"x\",\"training\":"
                        + "{\"topKay\":3}}]}").put("/api/v1/models/" + name)
                .then().statusCode(400).body("violations.field", hasItem(containsString("topKay")))
                .body("detail", containsString("is not a training setting"));
        StringBuilder many = new StringBuilder("{\"labels\":{\"values\":[\"a\",\"b\"]},\"variants\":[");
        for (int i = 0; i < 6; i++) {
            many.append(i == 0 ? "" : ",").append("{\"name\":\"top").append(i).append("\"}");
        }
        given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON)
                .body(many.append("]}").toString()).put("/api/v1/models/" + name)
                .then().statusCode(400).body("violations[0].field", equalTo("variants"))
                .body("detail", containsString("of trainer memory")).body("detail", containsString("top5 253 MB"));
        given().get("/api/v1/models/" + name).then().statusCode(404);
    }

    @Test
    void unknownModelsAndVersionsAre404WithAMessage() {
        String name = TestModels.uniqueName("none");
        for (String path : List.of("", "/champion", "/versions", "/versions/1", "/versions/1/download", "/decisions",
                "/history", "/events")) {
            given().get("/api/v1/models/" + name + path).then().statusCode(404)
                    .body("detail", containsString(name)).body("code", equalTo("not_found"));
        }
        TestModels.define(name);
        // a known model without a champion: its own code, so an app can tell "wait" from "wrong name"
        given().get("/api/v1/models/" + name + "/champion").then().statusCode(404)
                .body("detail", containsString("no champion yet")).body("code", equalTo("no_champion"));
        given().get("/api/v1/models/" + name + "/versions/7").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("Version 7"))
                .body("type", equalTo("urn:streamtune:problem:not_found")).body("title", equalTo("Not Found"))
                .body("status", equalTo(404));
        // the framework's own errors are problem details too, from the service kit's mappers
        given().get("/api/v1/no-such-resource").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("about:blank")).body("instance", equalTo("/api/v1/no-such-resource"));
        given().get("/api/v1/models/" + name + "/decisions?size=1000").then().statusCode(400)
                .body("violations[0].field", equalTo("size"));
        given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"version\":3,\"reason\":\"bad\"}").post("/api/v1/models/" + name + "/rollback")
                .then().statusCode(404).body("detail", containsString("Version 3"));
        given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON).body("{\"version\":0}")
                .post("/api/v1/models/" + name + "/rollback")
                .then().statusCode(400).body("violations.field", hasItems("version", "reason"));
    }

    @Test
    void healthOpenApiMetricsAndTheDashboardAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("S3 object store", "Kafka brokers"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/models/{name}/champion"))
                .body(containsString("admin-key"));
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Streamtune registry")).body(containsString("/dashboard/dashboard.js"));
    }
}
