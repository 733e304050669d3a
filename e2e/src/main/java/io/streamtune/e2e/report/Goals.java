package io.streamtune.e2e.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checks on the report's figures: each figure of the default configuration against its aim, the aim
 * computed from the same run's numbers where it is relative (a baseline, naive fine-tuning, joint training).
 */
final class Goals {

    /**
     * One check: {@code key} must be at least (or at most) {@code bound}.
     *
     * @param aim the bound as people read it, e.g. "≥ 0.25 × emoji_naive_avg_forgetting"
     */
    record Goal(String key, String aim, double value, double bound, boolean atLeast) {

        /** Whether both sides were measured in this run. */
        boolean known() {
            return Double.isFinite(value) && Double.isFinite(bound);
        }

        boolean met() {
            return known() && (atLeast ? value >= bound : value <= bound);
        }
    }

    static final double HARDHAM_ACCURACY = 0.85;
    static final double MAX_PHASE_DROP = 0.01;
    static final double FORGETTING_SHARE_OF_NAIVE = 0.25;
    static final double JOINT_GAP = 0.03;
    static final double MIN_NEW_TASK_ACCURACY = 0.8;

    private Goals() {
    }

    /** Every check whose figure this run has (a run of one experiment has only its own). */
    static List<Goal> of(Map<String, Double> n) {
        List<Goal> out = new ArrayList<>();
        add(out, n, "spam_default_macro_f1", "≥ spam_tfidf_full_macro_f1", get(n, "spam_tfidf_full_macro_f1"), true);
        add(out, n, "spam_default_hardham_accuracy", "≥ " + HARDHAM_ACCURACY, HARDHAM_ACCURACY, true);
        add(out, n, "spam_default_max_phase_drop", "≤ " + MAX_PHASE_DROP, MAX_PHASE_DROP, false);
        add(out, n, "emoji_default_avg_forgetting", "≤ " + FORGETTING_SHARE_OF_NAIVE + " × emoji_naive_avg_forgetting",
                FORGETTING_SHARE_OF_NAIVE * get(n, "emoji_naive_avg_forgetting"), false);
        add(out, n, "emoji_derpp_avg_forgetting", "≤ emoji_reservoir_avg_forgetting",
                get(n, "emoji_reservoir_avg_forgetting"), false);
        add(out, n, "emoji_default_final_avg_accuracy", "≥ emoji_joint_final_avg_accuracy − " + JOINT_GAP,
                get(n, "emoji_joint_final_avg_accuracy") - JOINT_GAP, true);
        add(out, n, "emoji_default_min_new_task_accuracy", "≥ " + MIN_NEW_TASK_ACCURACY, MIN_NEW_TASK_ACCURACY, true);
        return out;
    }

    private static void add(List<Goal> out, Map<String, Double> n, String key, String aim, double bound,
            boolean atLeast) {
        if (n.containsKey(key)) {
            out.add(new Goal(key, aim, n.get(key), bound, atLeast));
        }
    }

    private static double get(Map<String, Double> n, String key) {
        Double v = n.get(key);
        return v == null ? Double.NaN : v;
    }
}
