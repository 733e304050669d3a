package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * When the registry quarantines a feedback source (an API key) of a model, from the per-source figures of the
 * evaluator's {@link MonitoringReport}s: a source whose labels the champion disagrees with far more often than it
 * disagrees with the other sources' labels. Its examples are then kept on {@code streamtune.<model>.quarantine}
 * instead of trained on, until an admin releases it. Null fields take the documented defaults.
 *
 * <p>On by default: a quarantine loses nothing (the examples are kept and an admin can release the source), it needs
 * at least {@link #minSources()} sources with {@link #minExamples()} examples each before it decides anything, so a
 * model fed by one or two apps is never affected, and the harm it prevents (a buggy or hostile client steering every
 * following checkpoint) is not reversible once trained in.
 *
 * <p>The threshold: with rates r_i (disagreements / examples of each qualified source) and m their median, a source
 * is an outlier when r - m exceeds the larger of {@code k × 1.4826 × MAD} (the MAD scaled to a standard deviation)
 * and {@code margin}, plus 2.5 binomial standard deviations of m at the source's example count (so a small source's
 * noise alone does not cross it). With the defaults, honest sources whose natural disagreement ranges over 4..8 %
 * are left alone, and a source flipping 10 % of its labels is caught once it has about 1,000 examples in the window
 * (a source labelling everything with one class far sooner).
 *
 * @param enabled default true
 * @param minExamples a source needs at least this many examples in the report's window to be judged, default 50
 * @param k how many (scaled) MADs above the median is an outlier, default 3.0
 * @param margin the least excess over the median that counts, whatever the spread (disagreement rate 0..1), default
 *     0.04
 * @param minSources qualified sources needed for the comparison, default 3; with fewer nothing is quarantined
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SourceQuarantine(Boolean enabled, Integer minExamples, Double k, Double margin, Integer minSources) {

    public static final int DEFAULT_MIN_EXAMPLES = 50;
    public static final double DEFAULT_K = 3.0;
    public static final double DEFAULT_MARGIN = 0.04;
    public static final int DEFAULT_MIN_SOURCES = 3;

    public SourceQuarantine {
        enabled = enabled == null || enabled;
        minExamples = minExamples == null ? DEFAULT_MIN_EXAMPLES : minExamples;
        k = k == null ? DEFAULT_K : k;
        margin = margin == null ? DEFAULT_MARGIN : margin;
        minSources = minSources == null ? DEFAULT_MIN_SOURCES : minSources;
        List<Violation> v = new ArrayList<>();
        Rules.range("promotion.quarantine.minExamples", minExamples, 1, 10_000_000, v);
        Rules.range("promotion.quarantine.k", k, 0.0, 100.0, v);
        Rules.range("promotion.quarantine.margin", margin, 0.0, 1.0, v);
        Rules.range("promotion.quarantine.minSources", minSources, 3, 10_000, v);
        ContractViolationException.throwIfAny(v);
    }

    public static SourceQuarantine defaults() {
        return new SourceQuarantine(null, null, null, null, null);
    }

    public static SourceQuarantine disabled() {
        return new SourceQuarantine(false, null, null, null, null);
    }
}
