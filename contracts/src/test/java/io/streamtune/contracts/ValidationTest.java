package io.streamtune.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"../x", "..", "Spam", "a/b", "a.b", "-lead", "", "x y", "a\u0000", "é"})
    void badModelNamesAreRejectedNamingTheField(String name) {
        assertThatThrownBy(() -> LabelledExample.of("id1", name, "text", "ham", "app"))
                .isInstanceOf(ContractViolationException.class)
                .satisfies(e -> assertThat(((ContractViolationException) e).violations())
                        .extracting(Violation::field).contains("model"));
        assertThatThrownBy(() -> Topics.train(name)).isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("model");
    }

    @Test
    void rawTopicsNameModelAndSourceAndAreNeverTrainOrHeldoutTopics() {
        String raw = Topics.raw("spam", "crm");
        assertThat(raw).isEqualTo("streamtune.raw.spam.crm");
        java.util.regex.Matcher m = Topics.RAW_PATTERN.matcher(raw);
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).isEqualTo("spam");
        assertThat(m.group(2)).isEqualTo("crm");
        assertThat(Topics.modelOf(raw)).isEmpty();
        assertThat(Topics.modelOf(Topics.train("raw"))).contains("raw");
        assertThat(Topics.RAW_PATTERN.matcher(Topics.train("raw")).matches()).isFalse();
        assertThatThrownBy(() -> Topics.raw("spam", "Bad.Source")).isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("source");
    }

    @Test
    void modelNameAtTheLimitIsAcceptedOneMoreIsNot() {
        String max = "a".repeat(63);
        assertThat(Topics.train(max)).isEqualTo("streamtune." + max + ".train");
        assertThatThrownBy(() -> Topics.train(max + "a")).hasMessageContaining("at most 63");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a\nb", " padded", "tab\tbed"})
    void badLabelsAreRejected(String label) {
        assertThatThrownBy(() -> LabelledExample.of("id1", "spam", "text", label, "app"))
                .isInstanceOf(ContractViolationException.class).hasMessageStartingWith("label:");
    }

    @Test
    void overlongLabelsAndIdsNameTheLimit() {
        assertThatThrownBy(() -> LabelledExample.of("id1", "spam", "t", "x".repeat(129), "app"))
                .hasMessage("label: must be at most 128 chars, got 129");
        assertThatThrownBy(() -> LabelledExample.of("x".repeat(129), "spam", "t", "ham", "app"))
                .hasMessage("id: must be at most 128 chars, got 129");
    }

    @Test
    void emptyLabelMessageNamesTheField() {
        assertThatThrownBy(() -> LabelledExample.of("id1", "spam", "text", "", "app"))
                .hasMessage("label: must not be blank");
    }

    @Test
    void nulInTextIsRejectedWithItsIndex() {
        assertThatThrownBy(() -> LabelledExample.of("id1", "spam", "ab\u0000c", "ham", "app"))
                .hasMessage("text: must not contain NUL characters (at index 2)");
    }

    @Test
    void tenMegabyteTextIsRejectedNamingTheLimit() {
        String huge = "x".repeat(10 * 1024 * 1024);
        assertThatThrownBy(() -> LabelledExample.of("id1", "spam", huge, "ham", "app"))
                .hasMessage("text: must be at most 1000000 chars, got 10485760");
    }

    @Test
    void specTextLimitAndClosedLabelSetApply() {
        ModelSpec spec = new ModelSpec(null, 0, null, "spam", LabelSet.closed("spam", "ham"), null, 10, 0, 0, null,
                null);
        LabelledExample tooLong = LabelledExample.of("id1", "spam", "x".repeat(11), "eggs", "app");
        assertThat(spec.check(tooLong)).extracting(Violation::toString).containsExactly(
                "text: must be at most 10 chars, got 11", "label: must be one of [spam, ham], got 'eggs'");
        assertThat(spec.check(LabelledExample.of("id2", "spam", "short", "ham", "app"))).isEmpty();
    }

    @Test
    void openLabelSetAcceptsNewLabels() {
        assertThat(LabelSet.open("a").accepts("brand-new")).isTrue();
        assertThat(LabelSet.closed("a", "b").accepts("c")).isFalse();
    }

    @Test
    void aLabelSetCapsItsDistinctLabels() {
        assertThat(LabelSet.open("a").maxLabels()).isEqualTo(LabelSet.DEFAULT_MAX_LABELS);
        assertThat(LabelSet.open(5, "a").maxLabels()).isEqualTo(5);
        assertThat(new LabelSet(false, java.util.stream.IntStream.range(0, 1200).mapToObj(i -> "l" + i).toList())
                .maxLabels()).as("a long closed list raises the default").isEqualTo(1200);
        assertThatThrownBy(() -> LabelSet.open(1, "a", "b")).isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("labels.maxLabels: must be 2..10000 (at least the labels listed), got 1");
        assertThatThrownBy(() -> LabelSet.open(10_001)).hasMessageContaining("labels.maxLabels");
        assertThatThrownBy(() -> LabelSet.open(-1)).hasMessageContaining("labels.maxLabels");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "a/b", ".hidden", "a b", "ü", "-x"})
    void badIdsAreRejected(String id) {
        assertThatThrownBy(() -> LabelledExample.of(id, "spam", "t", "ham", "app"))
                .isInstanceOf(ContractViolationException.class).hasMessageStartingWith("id:");
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        var e = (ContractViolationException) org.junit.jupiter.api.Assertions.assertThrows(
                ContractViolationException.class, () -> LabelledExample.of("../x", "../x", "", "", "app"));
        assertThat(e.violations()).extracting(Violation::field).containsExactly("id", "model", "text", "label");
    }

    @Test
    void metadataIsBounded() {
        Map<String, String> big = new java.util.HashMap<>();
        for (int i = 0; i < 17; i++) {
            big.put("k" + i, "v");
        }
        assertThatThrownBy(() -> new LabelledExample(null, 0, null, "i", "spam", "t", "ham", "app", null, big))
                .hasMessageContaining("metadata: must hold at most 16 entries");
    }

    @Test
    void aSpecNamesItsEncoderAndNeverGivesAPathOrUrl() {
        for (String location : new String[] {"/etc/passwd,/etc/hosts", "http://169.254.169.254/x.onnx,t.json",
                "file:/m/a.onnx,file:/m/t.json", "../../model", "classpath:a.onnx,b.json"}) {
            assertThatThrownBy(() -> new ModelSpec(null, 0, null, "spam", LabelSet.closed("a", "b"), location, 0, 0,
                    0, null, null)).hasMessageContaining("baseModel: must name a known encoder");
        }
        assertThat(new ModelSpec(null, 0, null, "spam", LabelSet.closed("a", "b"), "e5-small.v2", 0, 0, 0, null,
                null).baseModel()).isEqualTo("e5-small.v2");
        assertThat(ModelSpec.of("spam", LabelSet.closed("a", "b")).baseModel()).isEqualTo(ModelSpec.DEFAULT_BASE_MODEL);
    }

    @Test
    void specRangesNameTheField() {
        assertThatThrownBy(() -> new ModelSpec(null, 0, null, "spam", LabelSet.closed("a", "b"), null, 0, 95, 0,
                null, null)).hasMessageContaining("heldoutPercent: must be between 1 and 90, got 95");
        assertThatThrownBy(() -> new TrainingSettings(null, 0, 0, 0, 0, 0, 0, 1024, 0, null, 0, 0, 0, 0, 0))
                .hasMessageContaining("training.maxSeqLength: must be between 8 and 512, got 1024");
        assertThatThrownBy(() -> LabelSet.closed("only")).hasMessageContaining("labels.values");
        assertThatThrownBy(() -> LabelSet.closed("a", "a")).hasMessageContaining("must not repeat");
        assertThatThrownBy(() -> FineTuneMode.fromWire("most")).hasMessageContaining("fineTuneMode: must be one of "
                + "head, top-k, full");
    }

    @Test
    void manifestFilesCannotEscapeTheCheckpoint() {
        assertThatThrownBy(() -> new CheckpointManifest.FileEntry("../../models/x", 1, "h"))
                .hasMessageContaining("files.path");
        assertThatThrownBy(() -> new CheckpointManifest.FileEntry("manifest.json", 1, "h"))
                .hasMessageContaining("files.path");
    }

    @Test
    void championPointerGenerationOnlyGrows() {
        ChampionPointer p = Samples.pointer();
        ChampionPointer n = p.next(4, "ck-9", "r1", "promoted");
        assertThat(n.generation()).isEqualTo(p.generation() + 1);
        assertThatThrownBy(() -> new ChampionPointer(1, "spam", 1, "ck", 0, null, null, null))
                .hasMessageContaining("generation");
    }

    @Test
    void invalidJsonNamesTheTypeAndAViolationSurvivesJackson() {
        assertThatThrownBy(() -> EventJson.read("{\"id\":\"../x\"}".getBytes(), LabelledExample.class))
                .isInstanceOf(ContractViolationException.class).hasMessageContaining("id:");
        assertThatThrownBy(() -> EventJson.read("not json".getBytes(), LabelledExample.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LabelledExample");
    }

    @Test
    void topicPatternsGiveTheModelBack() {
        assertThat(Topics.modelOf(Topics.heldout("spam"))).contains("spam");
        assertThat(Topics.modelOf(Topics.train("tickets-v2"))).contains("tickets-v2");
        assertThat(Topics.modelOf("streamtune.models")).isEmpty();
    }

    @Test
    void autoRollbackIsOffByDefaultAndItsLimitsNameTheField() {
        assertThat(PromotionPolicy.defaults().autoRollback().enabled()).isFalse();
        assertThat(new AutoRollback(null, null, null)).isEqualTo(new AutoRollback(false, 0.05, 200));
        assertThat(AutoRollback.enabled(0.0, 1)).isEqualTo(new AutoRollback(true, 0.0, 1));
        assertThatThrownBy(() -> new AutoRollback(true, 1.5, 200)).isInstanceOf(ContractViolationException.class)
                .hasMessage("promotion.autoRollback.tolerance: must be between 0.0 and 1.0, got 1.5");
        assertThatThrownBy(() -> new AutoRollback(true, -0.01, 200))
                .hasMessage("promotion.autoRollback.tolerance: must be between 0.0 and 1.0, got -0.01");
        assertThatThrownBy(() -> new AutoRollback(true, 0.05, 0))
                .hasMessage("promotion.autoRollback.minExamples: must be between 1 and 10000000, got 0");
        String json = "{\"name\":\"t\",\"labels\":{\"open\":true,\"values\":[]},"
                + "\"promotion\":{\"autoRollback\":{\"enabled\":true,\"minExamples\":-3}}}";
        assertThatThrownBy(() -> EventJson.read(json.getBytes(), ModelSpec.class))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("promotion.autoRollback.minExamples: must be between 1 and 10000000, got -3");
        ModelSpec on = EventJson.read(json.replace("-3", "250").getBytes(), ModelSpec.class);
        assertThat(on.promotion().autoRollback()).isEqualTo(new AutoRollback(true, 0.05, 250));
        assertThat(on.promotion().minMacroF1()).as("the gates keep their defaults").isEqualTo(0.5);
    }

    @Test
    void aMonitoringReportScoresBothVersionsOnTheSameWindow() {
        MonitoringReport ok = Samples.monitoringReport();
        assertThat(ok.macroF1Delta()).hasValueCloseTo(0.94 - 0.96, org.assertj.core.data.Offset.offset(1e-9));
        EvaluationMetrics smaller = new EvaluationMetrics(399, 0.9, 0.9, null, 0, 0, null, null);
        assertThatThrownBy(() -> new MonitoringReport(null, 0, null, "spam", 3, "ck-7", 5, 2, 500, 400, 50,
                ok.champion(), smaller, ok.offsets(), null)).isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("previous.count: must equal count 400 (the same window), got 399");
        assertThatThrownBy(() -> new MonitoringReport(null, 0, null, "spam", 3, "ck-7", 5, 2, 500, 400, 50,
                ok.champion(), null, ok.offsets(), null)).hasMessageContaining("previous: is required");
        assertThatThrownBy(() -> new MonitoringReport(null, 0, null, "spam", 3, "ck-7", 5, null, 500, 400, 50,
                ok.champion(), ok.previous(), ok.offsets(), null))
                .hasMessageContaining("previous: must be absent when previousVersion is");
        assertThatThrownBy(() -> new MonitoringReport(null, 0, null, "spam", 3, "ck-7", 5, 3, 300, 400, 50,
                ok.champion(), ok.previous(), ok.offsets(), null))
                .hasMessageContaining("count: must be between 1 and 300, got 400")
                .hasMessageContaining("previousVersion: must differ from championVersion 3");
        assertThatThrownBy(() -> new MonitoringReport(null, 0, null, "spam", 3, "ck-7", 0, null, 500, 400, 50,
                ok.champion(), null, List.of(new MonitoringReport.OffsetRange(0, 9, 3)), null))
                .hasMessageContaining("championGeneration: must be between 1")
                .hasMessageContaining("offsets: each range needs partition >= 0 and 0 <= from <= to");
        MonitoringReport alone = new MonitoringReport(null, 0, null, "spam", 1, "ck-1", 1, null, 500, 400, 0,
                ok.champion(), null, null, null);
        assertThat(alone.macroF1Delta()).isEmpty();
        assertThat(alone.offsets()).isEmpty();
    }

    @Test
    void aMovedPointerRemembersTheVersionItLeft() {
        ChampionPointer first = new ChampionPointer(0, "spam", 1, "ck-1", 1, null, "r1", "promoted");
        assertThat(first.previousVersion()).isNull();
        assertThat(first.next(2, "ck-2", "r1", "promoted").previousVersion()).isEqualTo(1);
        assertThat(Topics.MONITORING).isEqualTo("streamtune.monitoring");
    }
}
