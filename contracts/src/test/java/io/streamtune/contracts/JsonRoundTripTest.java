package io.streamtune.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class JsonRoundTripTest {

    static final List<Supplier<Object>> ALL = List.of(Samples::example, Samples::spec, Samples::checkpointCreated,
            Samples::checkpointEvaluated, Samples::modelPromoted, Samples::manifest, Samples::pointer,
            Samples::metrics, Samples::replay, Samples::monitoringReport);

    @TestFactory
    List<DynamicTest> everyRecordRoundTrips() {
        return ALL.stream().map(s -> {
            Object value = s.get();
            return DynamicTest.dynamicTest(value.getClass().getSimpleName(), () -> {
                byte[] json = EventJson.write(value);
                assertThat(EventJson.read(json, value.getClass())).isEqualTo(value);
            });
        }).toList();
    }

    @TestFactory
    List<DynamicTest> readersIgnoreUnknownFields() {
        return ALL.stream().map(s -> {
            Object value = s.get();
            return DynamicTest.dynamicTest(value.getClass().getSimpleName(), () -> {
                ObjectNode tree = EventJson.mapper().valueToTree(value);
                tree.put("aFieldFromTheFuture", "v2");
                tree.putObject("nestedFromTheFuture").put("x", 1);
                byte[] json = EventJson.mapper().writeValueAsBytes(tree);
                assertThat(EventJson.read(json, value.getClass())).isEqualTo(value);
            });
        }).toList();
    }

    @Test
    void instantsAreIsoStringsAndEnumsUseWireNames() throws Exception {
        String json = new String(EventJson.write(Samples.spec()), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).contains("\"occurredAt\":\"2026-11-23T10:15:30.123Z\"")
                .contains("\"fineTuneMode\":\"top-k\"").contains("\"replay\":\"der++\"");
    }

    @Test
    void missingOptionalFieldsTakeDefaults() {
        String json = "{\"name\":\"tickets\",\"labels\":{\"open\":true,\"values\":[]}}";
        ModelSpec spec = EventJson.read(json.getBytes(), ModelSpec.class);
        assertThat(spec.eventId()).isNotBlank();
        assertThat(spec.schemaVersion()).isEqualTo(Event.CURRENT_SCHEMA_VERSION);
        assertThat(spec.training().fineTuneMode()).isEqualTo(FineTuneMode.TOP_K);
        assertThat(spec.training().topK()).isEqualTo(2);
        assertThat(spec.training().replayCapacity()).isEqualTo(2000);
        assertThat(spec.promotion().minMacroF1()).isEqualTo(0.5);
        assertThat(spec.promotion().autoRollback()).isEqualTo(new AutoRollback(false, 0.05, 200));
        assertThat(spec.heldoutPercent()).isEqualTo(20);
        assertThat(spec.labels().maxLabels()).isEqualTo(LabelSet.DEFAULT_MAX_LABELS);
    }

    @Test
    void anEvaluationWithoutAConfusionMatrixStillReads() {
        String json = "{\"count\":10,\"accuracy\":0.9,\"macroF1\":0.8}";
        EvaluationMetrics m = EventJson.read(json.getBytes(), EvaluationMetrics.class);
        assertThat(m.confusion()).isEmpty();
        assertThat(m.perClass()).isEmpty();
    }

    @Test
    void exampleEventTimeDefaultsToOccurredAt() {
        LabelledExample e = LabelledExample.of("a1", "spam", "hello", "ham", "app");
        assertThat(e.eventTime()).isEqualTo(e.occurredAt());
        assertThat(e.metadata()).isEmpty();
    }
}
