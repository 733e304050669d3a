package io.streamtune.registry.support;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/** Waits on the promotion log through the API. */
public final class Decisions {

    private Decisions() {
    }

    /** Every decision of a model, newest first. */
    public static List<Map<String, Object>> all(String model) {
        JsonPath page = given().get("/api/v1/models/" + model + "/decisions?size=200").then().statusCode(200)
                .extract().jsonPath();
        return page.getList("items");
    }

    /** The decision on one evaluation, once recorded. */
    public static Map<String, Object> awaitFor(String model, String evaluationEventId) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> all(model).stream().filter(d -> evaluationEventId.equals(d.get("evaluationEventId")))
                        .findFirst().orElse(null), d -> d != null);
    }
}
