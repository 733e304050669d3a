package io.streamtune.registry.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.MonitoringReport;
import io.streamtune.contracts.SourceQuarantine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceOutliersTest {

    static final SourceQuarantine POLICY = SourceQuarantine.defaults();

    /** A source of n examples, spam with probability spamShare, labelled by a client that errs at errorRate. */
    static MonitoringReport.SourceFigures source(Random rng, String name, int n, double championError,
            double flip, double spamShare, boolean spamAsHam) {
        int disagreements = 0;
        int ham = 0;
        for (int i = 0; i < n; i++) {
            boolean spam = rng.nextDouble() < spamShare;
            boolean championRight = rng.nextDouble() >= championError;
            boolean label = spamAsHam ? false : (rng.nextDouble() < flip ? !spam : spam);
            boolean predicted = championRight ? spam : !spam;
            if (predicted != label) {
                disagreements++;
            }
            if (!label) {
                ham++;
            }
        }
        return new MonitoringReport.SourceFigures(name, n, disagreements, Map.of("ham", ham, "spam", n - ham));
    }

    static MonitoringReport report(List<MonitoringReport.SourceFigures> sources) {
        int count = sources.stream().mapToInt(MonitoringReport.SourceFigures::count).sum();
        EvaluationMetrics m = new EvaluationMetrics(count, 0.9, 0.9, Map.of(), 0.3, 0.1, Map.of(), Map.of());
        return new MonitoringReport(null, 0, null, "spam", 3, "ck-3", 4, null, count, count, count, m, null,
                List.of(), null, sources);
    }

    @Test
    void honestSourcesWithTheirOwnNaturalDisagreementAreNeverOutliers() {
        Random rng = new Random(7);
        int judged = 0;
        for (int trial = 0; trial < 1000; trial++) {
            List<MonitoringReport.SourceFigures> sources = new ArrayList<>();
            int n = 3 + rng.nextInt(5);
            for (int s = 0; s < n; s++) {
                // each app sees its own mix: the champion errs on 4..8 % of its examples, 50..1000 of them
                sources.add(source(rng, "app-" + s, 50 + rng.nextInt(951), 0.04 + 0.04 * rng.nextDouble(), 0,
                        0.2 + 0.4 * rng.nextDouble(), false));
            }
            assertThat(SourceOutliers.find(report(sources), POLICY, Set.of())).as("trial %d: %s", trial, sources)
                    .isEmpty();
            judged++;
        }
        assertThat(judged).isEqualTo(1000);
    }

    @Test
    void aSourceFlippingTenPercentOfItsLabelsIsAnOutlier() {
        Random rng = new Random(11);
        int caught = 0;
        int trials = 200;
        for (int trial = 0; trial < trials; trial++) {
            List<MonitoringReport.SourceFigures> sources = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                sources.add(source(rng, "app-" + s, 1000, 0.06, 0, 0.4, false));
            }
            sources.add(source(rng, "flipper", 1000, 0.06, 0.10, 0.4, false));
            List<SourceOutliers.Outlier> found = SourceOutliers.find(report(sources), POLICY, Set.of());
            assertThat(found).extracting(SourceOutliers.Outlier::source).isSubsetOf("flipper");
            caught += found.size();
        }
        assertThat(caught).as("flippers caught of %d", trials).isGreaterThanOrEqualTo(trials * 90 / 100);
    }

    @Test
    void aClientLabellingAllSpamAsHamIsAnOutlierWithItsEvidence() {
        Random rng = new Random(3);
        List<MonitoringReport.SourceFigures> sources = new ArrayList<>(List.of(
                source(rng, "crm", 300, 0.05, 0, 0.4, false), source(rng, "web", 200, 0.05, 0, 0.4, false),
                source(rng, "mobile", 400, 0.05, 0, 0.4, false), source(rng, "buggy", 120, 0.05, 0, 0.4, true)));
        MonitoringReport r = report(sources);
        List<SourceOutliers.Outlier> found = SourceOutliers.find(r, POLICY, Set.of());
        assertThat(found).extracting(SourceOutliers.Outlier::source).containsExactly("buggy");
        var e = found.get(0).evidence();
        assertThat(e.reportId()).isEqualTo(r.eventId());
        assertThat(e.count()).isEqualTo(120);
        assertThat(e.rate()).isGreaterThan(0.25).isGreaterThan(e.threshold());
        assertThat(e.sources()).isEqualTo(4);
        assertThat(e.labels()).containsEntry("ham", 120);
        // all ham against about 60 % ham elsewhere
        assertThat(e.labelDistance()).isCloseTo(0.4, within(0.08));
    }

    @Test
    void tooFewExamplesOrTooFewSourcesDecideNothing() {
        Random rng = new Random(5);
        MonitoringReport.SourceFigures a = source(rng, "a", 300, 0.05, 0, 0.4, false);
        MonitoringReport.SourceFigures b = source(rng, "b", 300, 0.05, 0, 0.4, false);
        MonitoringReport.SourceFigures c = source(rng, "c", 300, 0.05, 0, 0.4, false);
        MonitoringReport.SourceFigures small = source(rng, "small", 49, 0.05, 0, 0.4, true);
        // the all-ham source has 49 examples, minExamples is 50
        assertThat(SourceOutliers.find(report(List.of(a, b, c, small)), POLICY, Set.of())).isEmpty();
        MonitoringReport.SourceFigures bad = source(rng, "bad", 300, 0.05, 0, 0.4, true);
        // two qualified sources: who is wrong cannot be told
        assertThat(SourceOutliers.find(report(List.of(a, bad)), POLICY, Set.of())).isEmpty();
        assertThat(SourceOutliers.find(report(List.of(a, b, bad)), POLICY, Set.of()))
                .extracting(SourceOutliers.Outlier::source).containsExactly("bad");
        // already quarantined: not judged again, and not one of the sources compared
        assertThat(SourceOutliers.find(report(List.of(a, b, c, bad)), POLICY, Set.of("bad"))).isEmpty();
    }

    @Test
    void theThresholdIsTheLargestOfSpreadMarginAndNoise() {
        assertThat(SourceOutliers.threshold(0.1, 0.0, 1_000_000, POLICY)).isCloseTo(0.14, within(1e-3));
        assertThat(SourceOutliers.threshold(0.1, 0.02, 1_000_000, POLICY))
                .isCloseTo(0.1 + 3 * 1.4826 * 0.02, within(1e-3));
        assertThat(SourceOutliers.threshold(0.1, 0.0, 50, POLICY))
                .isCloseTo(0.1 + 0.04 + 2.5 * Math.sqrt(0.09 / 50), within(1e-9));
        assertThat(SourceOutliers.median(new double[] {0.3, 0.1, 0.2, 0.9})).isCloseTo(0.25, within(1e-12));
    }
}
