package io.streamtune.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.streamtune.ingest.support.FreshKafkaResource;
import io.streamtune.ingest.support.Http;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Ingest starts while the broker holding the model specs is down: a defined model is answered 503 models_loading
 * with Retry-After (not 404) and readiness stays down until the specs are read; then the same request is accepted.
 */
@QuarkusTest
@QuarkusTestResource(value = FreshKafkaResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = FreshKafkaResource.DOWN_WITH_SPEC, value = "spam"))
class ModelsLoadingIT {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aDefinedModelIsLoadingNotUnknownUntilTheSpecsAreRead() {
        Http http = new Http(base.toString());
        String example = "{\"id\":\"early-1\",\"text\":\"Win a cruise\",\"label\":\"spam\"}";
        HttpResponse<String> early = http.post("spam").body(example).send();
        assertThat(early.statusCode()).as(early.body()).isEqualTo(503);
        assertThat(early.body()).contains("models_loading").contains("streamtune.models").contains("'spam'");
        assertThat(early.headers().firstValue("Retry-After")).hasValue("2");
        HttpResponse<String> ready = http.get("/q/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).containsPattern("\"name\" ?: ?\"model-specs\",\\s*\"status\" ?: ?\"DOWN\"");

        FreshKafkaResource.startBroker();
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/q/health/ready").statusCode() == 200);
        HttpResponse<String> late = http.post("spam").body(example).send();
        assertThat(late.statusCode()).as(late.body()).isEqualTo(202);
        assertThat(http.post("nosuch").body(example).send().statusCode()).as("unknown once loaded").isEqualTo(404);
    }
}
