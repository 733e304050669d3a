package io.streamtune.registry.quarantine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.MonitoringReport;
import io.streamtune.contracts.SourceQuarantined;
import io.streamtune.contracts.Topics;
import io.streamtune.registry.support.Evaluations;
import io.streamtune.registry.support.TestKafka;
import io.streamtune.registry.support.TestModels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Monitoring reports with per-source figures on the real {@code streamtune.monitoring}: of three sources the one
 * whose labels the champion mostly disagrees with is quarantined on the real {@code streamtune.quarantines}, once
 * however often the report comes; the honest ones never are; the admin API lists, drops and releases it.
 */
@QuarkusTest
class QuarantineIT {

    @Test
    void theBadSourceOfThreeIsQuarantinedOnceAndTheAdminDropsAndReleasesIt() {
        String model = TestModels.uniqueName("quar");
        TestModels.define(model);
        MonitoringReport bad = report(model, List.of(figures("crm", 400, 22), figures("web", 300, 15),
                figures("buggy", 300, 126)));
        MonitoringReport honest = report(model, List.of(figures("crm", 400, 20), figures("web", 300, 19),
                figures("mobile", 300, 17)));
        // the first report twice (a re-delivery), a later one with the same figures, an honest one
        MonitoringReport again = report(model, bad.sources()); // the newest of the four
        for (MonitoringReport r : List.of(bad, bad, again, honest)) {
            TestKafka.sendEvent(Topics.MONITORING, model, r);
        }
        // the auto-rollback counts every report before its sources are judged: the fifth one read means the
        // first four were judged
        TestKafka.sendEvent(Topics.MONITORING, model, honest);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> metric("streamtune_registry_monitoring_reports_total{model=\"" + model
                        + "\",outcome=\"disabled\"}") >= 5);

        List<SourceQuarantined> records = records(model);
        assertThat(records).extracting(SourceQuarantined::key).containsExactly(model + "/buggy");
        SourceQuarantined q = records.get(0);
        assertThat(q.state()).isEqualTo(SourceQuarantined.State.QUARANTINED);
        assertThat(q.actor()).isEqualTo("automatic");
        assertThat(q.reason()).contains("126 of 300 labels of buggy").contains(bad.eventId());
        assertThat(q.evidence().reportId()).isEqualTo(bad.eventId());
        assertThat(q.evidence().rate()).isEqualTo(0.42);
        assertThat(q.evidence().sources()).isEqualTo(3);
        assertThat(q.evidence().labels()).containsEntry("ham", 300);
        assertThat(metric("streamtune_registry_quarantined_sources{model=\"" + model + "\"}")).isEqualTo(1.0);
        assertThat(metric("streamtune_registry_quarantines_total{model=\"" + model + "\",state=\"quarantined\"}"))
                .isEqualTo(1.0);

        // the dashboard's live view, no key: the newest report (by time, not by arrival), each source's
        // disagreement and state; a source of an older report only by its state
        given().get("/api/v1/models/" + model + "/monitoring").then().statusCode(200)
                .body("at", notNullValue())
                .body("champion.version", equalTo(again.championVersion())).body("count", equalTo(again.count()))
                .body("sources.find { it.source == 'buggy' }.state", equalTo("QUARANTINED"))
                .body("sources.find { it.source == 'buggy' }.disagreement", equalTo(0.42f))
                .body("sources.find { it.source == 'crm' }.disagreement", equalTo(22 / 400f))
                .body("sources.find { it.source == 'crm' }.state", nullValue())
                .body("sources.find { it.source == 'mobile' }", nullValue())
                .body(not(containsString("evidence")));
        given().get("/api/v1/models/no-such-model/monitoring").then().statusCode(404);
        given().get("/api/v1/models/" + model + "/quarantines").then().statusCode(401);
        admin().get("/api/v1/models/" + model + "/quarantines").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].source", equalTo("buggy"))
                .body("[0].state", equalTo("QUARANTINED")).body("[0].evidence.disagreements", equalTo(126));
        admin().get("/api/v1/models/no-such-model/quarantines").then().statusCode(404);

        admin().body("{}").post(path(model, "buggy", "drop")).then().statusCode(400)
                .body(containsString("reason"));
        admin().body("{\"reason\":\"x\"}").post(path(model, "crm", "release")).then().statusCode(404)
                .body(containsString("crm"));
        admin().body("{\"reason\":\"labels flipped on purpose\"}").post(path(model, "buggy", "drop")).then()
                .statusCode(200).body("state", equalTo("DROPPED")).body("actor", equalTo("admin"))
                .body("evidence.reportId", equalTo(bad.eventId()));
        assertThat(last(model).state()).isEqualTo(SourceQuarantined.State.DROPPED);
        admin().body("{\"reason\":\"the client is fixed\"}").post(path(model, "buggy", "release")).then()
                .statusCode(200).body("state", equalTo("RELEASED"));
        assertThat(last(model).state()).isEqualTo(SourceQuarantined.State.RELEASED);
        assertThat(metric("streamtune_registry_quarantined_sources{model=\"" + model + "\"}")).isZero();
        admin().body("{\"reason\":\"again\"}").post(path(model, "buggy", "release")).then().statusCode(409);
        admin().body("{\"reason\":\"too late\"}").post(path(model, "buggy", "drop")).then().statusCode(409);

        // a report from before the release, re-delivered, does not quarantine the released source again
        TestKafka.sendEvent(Topics.MONITORING, model, bad);
        TestKafka.sendEvent(Topics.MONITORING, model, honest);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> metric("streamtune_registry_monitoring_reports_total{model=\"" + model
                        + "\",outcome=\"disabled\"}") >= 7);
        assertThat(last(model).state()).isEqualTo(SourceQuarantined.State.RELEASED);
    }

    @Test
    void withTheQuarantineOffNothingIsQuarantined() {
        String model = TestModels.uniqueName("quar-off");
        TestModels.define(model, "\"quarantine\":{\"enabled\":false}");
        TestKafka.sendEvent(Topics.MONITORING, model, report(model, List.of(figures("crm", 400, 22),
                figures("web", 300, 15), figures("buggy", 300, 126))));
        TestKafka.sendEvent(Topics.MONITORING, model, report(model, List.of(figures("crm", 400, 22))));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> metric("streamtune_registry_monitoring_reports_total{model=\"" + model
                        + "\",outcome=\"disabled\"}") >= 2);
        admin().get("/api/v1/models/" + model + "/quarantines").then().statusCode(200).body("size()", equalTo(0));
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().header("X-Admin-Key", TestModels.ADMIN_KEY).contentType(ContentType.JSON);
    }

    private static String path(String model, String source, String action) {
        return "/api/v1/models/" + model + "/quarantines/" + source + "/" + action;
    }

    /** A source whose labels are all ham, {@code disagreements} of them where the champion says spam. */
    private static MonitoringReport.SourceFigures figures(String source, int count, int disagreements) {
        return new MonitoringReport.SourceFigures(source, count, disagreements, Map.of("ham", count));
    }

    private static MonitoringReport report(String model, List<MonitoringReport.SourceFigures> sources) {
        int count = sources.stream().mapToInt(MonitoringReport.SourceFigures::count).sum();
        return new MonitoringReport(null, 0, null, model, 1, "ck-1", 1, null, 2000, count, 50,
                Evaluations.metrics(0.9, count, Map.of()), null, null, null, sources);
    }

    /** Every record of the model on streamtune.quarantines, in order. */
    private static List<SourceQuarantined> records(String model) {
        List<SourceQuarantined> out = new java.util.ArrayList<>();
        try (var c = TestKafka.reader(Topics.QUARANTINES, true)) {
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(model + "/")) {
                        out.add(event(r));
                    }
                }
            }
        }
        return out;
    }

    private static SourceQuarantined last(String model) {
        List<SourceQuarantined> all = records(model);
        return all.get(all.size() - 1);
    }

    private static SourceQuarantined event(ConsumerRecord<String, byte[]> r) {
        return EventJson.read(r.value(), SourceQuarantined.class);
    }

    private static double metric(String prefix) {
        for (String line : given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            if (line.startsWith(prefix + " ")) {
                return Double.parseDouble(line.substring(prefix.length() + 1));
            }
        }
        return 0;
    }
}
