package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * When the registry rolls a model back on its own, from the evaluator's {@link MonitoringReport}s: the champion's
 * rolling macro-F1 fell below the previous champion's on the same window of newly arrived held-out examples by more
 * than {@link #tolerance()}, over at least {@link #minExamples()} examples. Off unless enabled. Null fields take the
 * documented defaults.
 *
 * @param enabled default false: monitoring reports are recorded in metrics only
 * @param tolerance how far (macro-F1, 0..1) the champion may trail the previous version before it is rolled back,
 *     default 0.05
 * @param minExamples the report's window must hold at least this many examples, default 200
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AutoRollback(Boolean enabled, Double tolerance, Integer minExamples) {

    public static final double DEFAULT_TOLERANCE = 0.05;
    public static final int DEFAULT_MIN_EXAMPLES = 200;

    public AutoRollback {
        enabled = enabled != null && enabled;
        tolerance = tolerance == null ? DEFAULT_TOLERANCE : tolerance;
        minExamples = minExamples == null ? DEFAULT_MIN_EXAMPLES : minExamples;
        List<Violation> v = new ArrayList<>();
        Rules.range("promotion.autoRollback.tolerance", tolerance, 0.0, 1.0, v);
        Rules.range("promotion.autoRollback.minExamples", minExamples, 1, 10_000_000, v);
        ContractViolationException.throwIfAny(v);
    }

    public static AutoRollback disabled() {
        return new AutoRollback(false, null, null);
    }

    public static AutoRollback enabled(double tolerance, int minExamples) {
        return new AutoRollback(true, tolerance, minExamples);
    }
}
