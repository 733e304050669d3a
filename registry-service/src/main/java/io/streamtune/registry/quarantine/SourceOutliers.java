package io.streamtune.registry.quarantine;

import io.streamtune.contracts.MonitoringReport;
import io.streamtune.contracts.SourceQuarantine;
import io.streamtune.contracts.SourceQuarantined;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The robust threshold of {@link SourceQuarantine}, on one report's per-source figures: which sources' labels the
 * champion disagrees with far more often than the other sources'. Only sources with at least {@code minExamples}
 * examples in the window and not already kept from training are compared; with fewer than {@code minSources} of them
 * nothing is decided (two sources cannot tell which of them is wrong). With m the median of their disagreement rates
 * and MAD the median of |rate - m|, a source is an outlier when its rate exceeds
 * {@code m + max(k × 1.4826 × MAD, margin) + 2.5 × sqrt(m (1 - m) / n)}, n its example count: the spread of honest
 * sources (with a floor for sources that agree closely with each other), plus the binomial noise of its count.
 */
public final class SourceOutliers {

    /** 1 / Φ⁻¹(3/4): the MAD of a normal sample times this estimates its standard deviation. */
    static final double MAD_SCALE = 1.4826;
    /** Binomial standard deviations a source's rate must clear, whatever k and margin say. */
    static final double NOISE_SIGMAS = 2.5;

    private SourceOutliers() {
    }

    /** One outlier and the figures that make it one. */
    public record Outlier(String source, SourceQuarantined.Evidence evidence) {
    }

    /**
     * @param blocked sources already kept from training: neither compared nor judged
     * @return the outliers, in source order; empty when too few sources qualify
     */
    public static List<Outlier> find(MonitoringReport report, SourceQuarantine policy, Set<String> blocked) {
        List<MonitoringReport.SourceFigures> qualified = report.sources().stream()
                .filter(f -> f.count() >= policy.minExamples() && !blocked.contains(f.source())).toList();
        if (qualified.size() < policy.minSources()) {
            return List.of();
        }
        double[] rates = qualified.stream().mapToDouble(MonitoringReport.SourceFigures::rate).toArray();
        double median = median(rates);
        double mad = median(Arrays.stream(rates).map(r -> Math.abs(r - median)).toArray());
        List<Outlier> out = new ArrayList<>();
        for (MonitoringReport.SourceFigures f : qualified) {
            double threshold = threshold(median, mad, f.count(), policy);
            if (f.rate() > threshold) {
                out.add(new Outlier(f.source(), new SourceQuarantined.Evidence(report.eventId(),
                        report.championVersion(), f.count(), f.disagreements(), f.rate(), median, mad, threshold,
                        qualified.size(), f.labels(), labelDistance(f, report.sources()))));
            }
        }
        return out;
    }

    /** The rate above which a source of {@code count} examples is an outlier. */
    static double threshold(double median, double mad, int count, SourceQuarantine policy) {
        double noise = NOISE_SIGMAS * Math.sqrt(median * (1 - median) / count);
        return median + Math.max(policy.k() * MAD_SCALE * mad, policy.margin()) + noise;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Total variation distance between the source's label distribution and every other source's together. */
    static double labelDistance(MonitoringReport.SourceFigures source, List<MonitoringReport.SourceFigures> all) {
        Map<String, Integer> others = new TreeMap<>();
        all.stream().filter(f -> !f.source().equals(source.source()))
                .forEach(f -> f.labels().forEach((l, c) -> others.merge(l, c, Integer::sum)));
        int own = source.labels().values().stream().mapToInt(Integer::intValue).sum();
        int rest = others.values().stream().mapToInt(Integer::intValue).sum();
        if (own == 0 || rest == 0) {
            return 0;
        }
        Map<String, Integer> union = new TreeMap<>(others);
        source.labels().keySet().forEach(l -> union.putIfAbsent(l, 0));
        double sum = 0;
        for (String l : union.keySet()) {
            sum += Math.abs((double) source.labels().getOrDefault(l, 0) / own
                    - (double) others.getOrDefault(l, 0) / rest);
        }
        return sum / 2;
    }
}
