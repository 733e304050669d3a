package io.streamtune.evaluator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.contracts.MonitoringReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrequentialWindowTest {

    static final List<String> LABELS = List.of("ham", "spam");
    static final Versions V = new Versions("spam", 3, "ck-3", 5, 2);
    static final float[] HAM = {0.9f, 0.1f};
    static final float[] SPAM = {0.2f, 0.8f};

    /** The champion says ham to everything; the previous version is always right. */
    static PrequentialWindow.Entry entry(int partition, long offset, String truth) {
        return new PrequentialWindow.Entry(partition, offset, truth, "s1", HAM, truth.equals("spam") ? SPAM : HAM);
    }

    @Test
    void theWindowKeepsTheLastArrivalsAndScoresBothVersionsOnThem() {
        PrequentialWindow w = new PrequentialWindow(4, V, LABELS, LABELS);
        List<PrequentialWindow.Entry> six = new ArrayList<>(List.of(entry(0, 10, "ham"), entry(0, 11, "ham"),
                entry(1, 7, "spam"), entry(0, 12, "spam"), entry(1, 8, "ham"), entry(0, 13, "spam")));
        w.add(six.subList(0, 2));
        w.add(six.subList(2, 6));
        assertThat(w.count()).isEqualTo(4);
        assertThat(w.sinceReport()).isEqualTo(4);

        PrequentialWindow.Scores s = w.scores(); // the window: spam, spam, ham, spam
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.champion().accuracy()).isEqualTo(0.25);
        assertThat(s.champion().perClass().get("spam").recall()).isZero();
        assertThat(s.champion().perClass().get("ham").recall()).isEqualTo(1.0);
        // ham: precision 1/4, recall 1 → F1 0.4; spam: 0 → macro-F1 0.2
        assertThat(s.champion().macroF1()).isCloseTo(0.2, within(1e-9));
        // champion confidence 0.9 in every example, accuracy 0.25 → ECE 0.65
        assertThat(s.champion().expectedCalibrationError()).isCloseTo(0.65, within(1e-6));
        assertThat(s.previous().accuracy()).isEqualTo(1.0);
        assertThat(s.previous().macroF1()).isEqualTo(1.0);
        assertThat(s.previous().count()).isEqualTo(s.champion().count());

        assertThat(w.offsets()).containsExactly(new MonitoringReport.OffsetRange(0, 12, 13),
                new MonitoringReport.OffsetRange(1, 7, 8));
    }

    @Test
    void aReportCarriesBothVersionsAndCountsArrivalsSinceTheLastOne() {
        PrequentialWindow w = new PrequentialWindow(500, V, LABELS, LABELS);
        w.add(List.of(entry(0, 1, "spam"), entry(0, 2, "ham")));
        MonitoringReport r = w.report(null);
        assertThat(r.model()).isEqualTo("spam");
        assertThat(r.championVersion()).isEqualTo(3);
        assertThat(r.championCheckpointId()).isEqualTo("ck-3");
        assertThat(r.championGeneration()).isEqualTo(5);
        assertThat(r.previousVersion()).isEqualTo(2);
        assertThat(r.windowSize()).isEqualTo(500);
        assertThat(r.count()).isEqualTo(2);
        assertThat(r.newExamples()).isEqualTo(2);
        assertThat(r.macroF1Delta()).isPresent();
        assertThat(r.macroF1Delta().getAsDouble()).isNegative();
        assertThat(w.sinceReport()).isZero();
        w.add(List.of(entry(0, 3, "ham")));
        assertThat(w.report(null).newExamples()).isEqualTo(1);
    }

    @Test
    void withoutAPreviousVersionOnlyTheChampionIsScored() {
        PrequentialWindow w = new PrequentialWindow(10, new Versions("spam", 1, "ck-1", 1, null), LABELS, null);
        w.add(List.of(new PrequentialWindow.Entry(0, 1, "ham", "s1", HAM, null)));
        MonitoringReport r = w.report(null);
        assertThat(r.previousVersion()).isNull();
        assertThat(r.previous()).isNull();
        assertThat(r.champion().accuracy()).isEqualTo(1.0);
        assertThatThrownBy(() -> w.add(List.of(entry(0, 2, "ham")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match the window's versions");
        assertThatThrownBy(() -> new PrequentialWindow(0, V, LABELS, LABELS))
                .hasMessageContaining("streamtune.evaluator.monitoring.window must be >= 1, got 0");
    }

    static PrequentialWindow.Entry from(String source, long offset, String truth) {
        return new PrequentialWindow.Entry(0, offset, truth, "s1", HAM, null, source);
    }

    @Test
    void aReportCountsEachSourcesExamplesDisagreementsAndLabelsInTheWindow() {
        PrequentialWindow w = new PrequentialWindow(5, V, LABELS, null);
        // the champion says ham to everything: every spam label is a disagreement
        w.add(List.of(from("crm", 1, "spam"), from("web", 2, "spam"), from("web", 3, "ham"),
                from("crm", 4, "ham"), from(null, 5, "spam"), from("web", 6, "spam")));
        // offset 1 left the window (size 5)
        MonitoringReport r = w.report(null);
        assertThat(r.sources()).containsExactly(
                new MonitoringReport.SourceFigures("crm", 1, 0, java.util.Map.of("ham", 1)),
                new MonitoringReport.SourceFigures("web", 3, 2, java.util.Map.of("ham", 1, "spam", 2)));
        MonitoringReport back = io.streamtune.contracts.EventJson.read(io.streamtune.contracts.EventJson.write(r),
                MonitoringReport.class);
        assertThat(back.sources()).isEqualTo(r.sources());
        assertThat(back.sources().get(1).rate()).isCloseTo(2.0 / 3, within(1e-9));
    }
}
