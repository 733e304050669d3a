package io.streamtune.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HybridRunTest {

    private static final List<String> LABELS = List.of("ham", "spam");

    @Test
    void aConfidentLinearModelOutvotesAnUnsureTransformer() {
        // transformer: spam at softmax(0, 0.4) ≈ 0.60; linear: ham at 0.9 → means ham 0.65, spam 0.35
        assertThat(HybridRun.combine(LABELS, new float[] {0f, 0.4f}, Map.of("ham", 0.9, "spam", 0.1), 0.5))
                .isEqualTo("ham");
    }

    @Test
    void aConfidentTransformerOutvotesAnUnsureLinearModel() {
        // transformer: spam at softmax(0, 3) ≈ 0.95; linear: ham at 0.6 → means ham 0.32, spam 0.68
        assertThat(HybridRun.combine(LABELS, new float[] {0f, 3f}, Map.of("ham", 0.6, "spam", 0.4), 0.5))
                .isEqualTo("spam");
    }

    @Test
    void theWeightTipsTheBalance() {
        // transformer spam ≈ 0.60, linear ham 0.7: at 0.5 ham (0.55); at 0.8 spam (0.8 × 0.60 + 0.2 × 0.3 = 0.54)
        float[] logits = {0f, 0.4f};
        Map<String, Double> linear = Map.of("ham", 0.7, "spam", 0.3);
        assertThat(HybridRun.combine(LABELS, logits, linear, 0.5)).isEqualTo("ham");
        assertThat(HybridRun.combine(LABELS, logits, linear, 0.8)).isEqualTo("spam");
    }

    @Test
    void aLabelTheLinearModelHasNotSeenCountsAsZeroThere() {
        // transformer: spam ≈ 0.60; linear has only seen ham, at 1.0 → means ham 0.70, spam 0.30
        assertThat(HybridRun.combine(LABELS, new float[] {0f, 0.4f}, Map.of("ham", 1.0), 0.5)).isEqualTo("ham");
    }

    @Test
    void beforeTheLinearModelHasLearntAnythingTheTransformerDecides() {
        assertThat(HybridRun.combine(LABELS, new float[] {0f, 0.4f}, Map.of(), 0.5)).isEqualTo("spam");
    }
}
