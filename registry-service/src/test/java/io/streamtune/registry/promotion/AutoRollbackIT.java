package io.streamtune.registry.promotion;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.contracts.MonitoringReport;
import io.streamtune.contracts.Topics;
import io.streamtune.registry.support.Decisions;
import io.streamtune.registry.support.Evaluations;
import io.streamtune.registry.support.TestKafka;
import io.streamtune.registry.support.TestModels;
import io.streamtune.storage.ArtifactStore;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Monitoring reports as the evaluator writes them, on the real {@code streamtune.monitoring}: a champion that
 * degrades on newly arriving data (a label shift) is rolled back to the version it replaced, once, with the evidence
 * in the log; a report with too few examples, a drop within the tolerance, a stale or re-delivered report, or a
 * model whose policy is off moves nothing.
 */
@QuarkusTest
class AutoRollbackIT {

    static final String POLICY = "\"autoRollback\":{\"enabled\":true,\"tolerance\":0.05,\"minExamples\":200}";

    @Inject
    ArtifactStore store;

    @Test
    void aChampionThatDegradesOnNewDataIsRolledBackOnceWithTheEvidence() {
        String model = modelWithTwoVersions("auto-rb", POLICY);
        ChampionPointer v2 = pointer(model);
        assertThat(v2.previousVersion()).isEqualTo(1);

        MonitoringReport healthy = report(v2, 0.90, 0.82, 300);
        MonitoringReport tooFew = report(v2, 0.40, 0.80, 150); // the shift begins: a big drop, on 150 examples
        MonitoringReport withinTolerance = report(v2, 0.78, 0.82, 300); // 0.04 <= 0.05
        MonitoringReport shifted = report(v2, 0.55, 0.81, 300);
        MonitoringReport later = report(v2, 0.50, 0.80, 300); // scored before the rollback, read after it
        for (MonitoringReport r : List.of(healthy, tooFew, withinTolerance, shifted, shifted, later)) {
            TestKafka.sendEvent(Topics.MONITORING, model, r);
        }

        awaitReports(model, "stale", 2); // the re-delivered report and the later one: all six were read
        ChampionPointer now = pointer(model);
        assertThat(now.version()).as("back on the previous version").isEqualTo(1);
        assertThat(now.generation()).as("moved once").isEqualTo(3);
        assertThat(now.previousVersion()).isEqualTo(2);
        assertThat(reports(model)).containsEntry("within-tolerance", 2.0).containsEntry("too-few-examples", 1.0)
                .containsEntry("rolled-back", 1.0).containsEntry("stale", 2.0);

        List<ModelPromoted> rollbacks = TestKafka.read(Topics.PROMOTIONS, model,
                l -> l.stream().anyMatch(r -> event(r).kind() == ModelPromoted.Kind.ROLLBACK), Duration.ofSeconds(30))
                .stream().map(AutoRollbackIT::event).filter(e -> e.kind() == ModelPromoted.Kind.ROLLBACK).toList();
        assertThat(rollbacks).hasSize(1);
        ModelPromoted rollback = rollbacks.get(0);
        assertThat(rollback.version()).isEqualTo(1);
        assertThat(rollback.previousVersion()).isEqualTo(2);
        assertThat(rollback.generation()).isEqualTo(3);
        assertThat(rollback.checkpointId()).isEqualTo("ck-1");
        assertThat(rollback.reason()).startsWith("automatic: champion v2 macro-F1 0.5500 trails v1 0.8100 by 0.2600")
                .contains(shifted.eventId());

        List<Map<String, Object>> decisions = Decisions.all(model).stream()
                .filter(d -> "ROLLBACK".equals(d.get("kind"))).toList();
        assertThat(decisions).hasSize(1);
        Map<String, Object> decision = decisions.get(0);
        assertThat(decision).containsEntry("outcome", "ROLLED_BACK").containsEntry("version", 1)
                .containsEntry("previousVersion", 2).containsEntry("generation", 3);
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = (Map<String, Object>) decision.get("monitoring");
        assertThat(evidence).containsEntry("reportEventId", shifted.eventId()).containsEntry("championVersion", 2)
                .containsEntry("previousVersion", 1).containsEntry("championMacroF1", 0.55f)
                .containsEntry("previousMacroF1", 0.81f).containsEntry("tolerance", 0.05f)
                .containsEntry("minExamples", 200).containsEntry("windowSize", 500).containsEntry("count", 300);
        assertThat(evidence.get("offsets")).asList().hasSize(1);
        assertThat(decision).extractingByKey("candidate").asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("macroF1", 0.81f);
        assertThat(decision).extractingByKey("champion").asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("macroF1", 0.55f);
        given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString(
                "streamtune_registry_rollbacks_automatic_total{model=\"" + model + "\"} 1.0"));

        // the restored champion is there by a rollback: a report comparing it with v2 does not undo it
        TestKafka.sendEvent(Topics.MONITORING, model, report(now, 0.30, 0.95, 300));
        awaitReports(model, "after-rollback", 1);
        assertThat(pointer(model).generation()).isEqualTo(3);
    }

    @Test
    void withTheDefaultPolicyADegradingChampionStays() {
        String model = modelWithTwoVersions("auto-rb-off", "");
        ChampionPointer v2 = pointer(model);
        TestKafka.sendEvent(Topics.MONITORING, model, report(v2, 0.30, 0.90, 500));
        awaitReports(model, "disabled", 1);
        assertThat(pointer(model)).isEqualTo(v2);
        assertThat(Decisions.all(model)).noneMatch(d -> "ROLLBACK".equals(d.get("kind")));
    }

    @Test
    void aReportWithoutAPreviousVersionMovesNothing() {
        String model = TestModels.uniqueName("auto-rb-first");
        TestModels.define(model, POLICY);
        CheckpointEvaluated first = Evaluations.first(model, "ck-1", 0.82);
        TestModels.checkpoint(store, model, "ck-1", null, 10);
        TestKafka.sendEvent(Topics.EVALUATIONS, model, first);
        assertThat(Decisions.awaitFor(model, first.eventId())).containsEntry("outcome", "PROMOTED");
        ChampionPointer v1 = pointer(model);
        assertThat(v1.previousVersion()).isNull();
        TestKafka.sendEvent(Topics.MONITORING, model, new MonitoringReport(null, 0, null, model, 1, "ck-1",
                v1.generation(), null, 500, 300, 50, Evaluations.metrics(0.2, 300, Map.of()), null, null,
                "no previous version"));
        awaitReports(model, "no-previous", 1);
        assertThat(pointer(model)).isEqualTo(v1);
    }

    /** A report as the evaluator writes it: both versions on the same window of {@code count} examples. */
    private static MonitoringReport report(ChampionPointer p, double championF1, double previousF1, int count) {
        return new MonitoringReport(null, 0, null, p.model(), p.version(), p.checkpointId(), p.generation(),
                p.previousVersion(), 500, count, 50, Evaluations.metrics(championF1, count, Map.of()),
                Evaluations.metrics(previousF1, count, Map.of()),
                List.of(new MonitoringReport.OffsetRange(0, 1000, 1000L + count - 1)), null);
    }

    /** Versions 1 and 2, promoted by the gates; 2 is the champion (generation 2). */
    private String modelWithTwoVersions(String prefix, String policy) {
        String model = TestModels.uniqueName(prefix);
        TestModels.define(model, policy);
        for (CheckpointEvaluated e : List.of(Evaluations.first(model, "ck-1", 0.82),
                Evaluations.against(model, "ck-2", 0.90, "ck-1", 1, 0.82))) {
            TestModels.checkpoint(store, model, e.checkpointId(), e.parentCheckpointId(),
                    e.parentCheckpointId() == null ? 10 : 20);
            TestKafka.sendEvent(Topics.EVALUATIONS, model, e);
            assertThat(Decisions.awaitFor(model, e.eventId())).containsEntry("outcome", "PROMOTED");
        }
        return model;
    }

    private ChampionPointer pointer(String model) {
        return store.readChampion(model).orElseThrow().value();
    }

    private static ModelPromoted event(ConsumerRecord<String, byte[]> r) {
        return EventJson.read(r.value(), ModelPromoted.class);
    }

    /** The model's monitoring reports read so far, by outcome (from /q/metrics). */
    private static Map<String, Double> reports(String model) {
        String prefix = "streamtune_registry_monitoring_reports_total{model=\"" + model + "\",outcome=\"";
        Map<String, Double> out = new java.util.TreeMap<>();
        for (String line : given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            if (line.startsWith(prefix)) {
                String rest = line.substring(prefix.length());
                out.put(rest.substring(0, rest.indexOf('"')), Double.parseDouble(rest.substring(rest.indexOf(' ') + 1)));
            }
        }
        return out;
    }

    private static void awaitReports(String model, String outcome, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> reports(model).getOrDefault(outcome, 0.0) >= count);
    }
}
