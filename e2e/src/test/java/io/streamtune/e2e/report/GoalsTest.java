package io.streamtune.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoalsTest {

    private static Goals.Goal goal(List<Goals.Goal> goals, String key) {
        return goals.stream().filter(g -> g.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void relativeAimsAreComputedFromTheRunsNumbers() {
        Map<String, Double> n = new HashMap<>(Map.of("emoji_default_avg_forgetting", 0.2,
                "emoji_naive_avg_forgetting", 0.9, "emoji_default_final_avg_accuracy", 0.80,
                "emoji_joint_final_avg_accuracy", 0.86, "spam_default_macro_f1", 0.97,
                "spam_tfidf_full_macro_f1", 0.96));
        List<Goals.Goal> goals = Goals.of(n);
        Goals.Goal forgetting = goal(goals, "emoji_default_avg_forgetting");
        assertThat(forgetting.bound()).isCloseTo(0.225, offset(1e-12));
        assertThat(forgetting.met()).isTrue();
        Goals.Goal joint = goal(goals, "emoji_default_final_avg_accuracy");
        assertThat(joint.bound()).isCloseTo(0.83, offset(1e-12));
        assertThat(joint.met()).isFalse();
        assertThat(goal(goals, "spam_default_macro_f1").met()).isTrue();
    }

    @Test
    void absoluteAimsAndTheirDirection() {
        List<Goals.Goal> goals = Goals.of(Map.of("spam_default_max_phase_drop", 0.02,
                "spam_default_hardham_accuracy", 0.85, "emoji_default_min_new_task_accuracy", 0.79));
        assertThat(goal(goals, "spam_default_max_phase_drop").met()).isFalse();
        assertThat(goal(goals, "spam_default_hardham_accuracy").met()).isTrue();
        assertThat(goal(goals, "emoji_default_min_new_task_accuracy").met()).isFalse();
    }

    @Test
    void aFigureNotMeasuredIsLeftOutAndAMissingReferenceIsNotMet() {
        List<Goals.Goal> goals = Goals.of(Map.of("emoji_derpp_avg_forgetting", 0.1));
        assertThat(goals).extracting(Goals.Goal::key).containsExactly("emoji_derpp_avg_forgetting");
        assertThat(goals.get(0).known()).isFalse();
        assertThat(goals.get(0).met()).isFalse();
    }
}
