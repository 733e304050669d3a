package io.streamtune.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.contracts.EventJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Best-ever accuracy per slice minus this checkpoint's, never against itself. */
class ForgettingLedgerTest {

    private static final Map<String, Integer> COUNTS = Map.of("s1", 50, "s2", 50, "s3", 50);

    @Test
    void firstEvaluationHasNothingToForget() {
        assertThat(ForgettingLedger.empty().forgetting("c1", Map.of("s1", 0.9))).isEmpty();
    }

    @Test
    void forgettingIsBestEarlierMinusCurrent() {
        ForgettingLedger l = ForgettingLedger.empty()
                .record("c1", Map.of("s1", 0.90, "s2", 0.60), COUNTS)
                .record("c2", Map.of("s1", 0.80, "s2", 0.70), COUNTS);
        Map<String, Double> f = l.forgetting("c3", Map.of("s1", 0.85, "s2", 0.75, "s3", 0.5));
        assertThat(f).containsOnlyKeys("s1", "s2"); // s3 was never measured before
        assertThat(f.get("s1")).isCloseTo(0.05, within(1e-12)); // best .90 (c1) - .85
        assertThat(f.get("s2")).isCloseTo(-0.05, within(1e-12)); // best .70 (c2) - .75: improved
    }

    @Test
    void aCheckpointIsNeverComparedWithItself() {
        ForgettingLedger l = ForgettingLedger.empty()
                .record("champ", Map.of("s1", 0.95), COUNTS)
                .record("c2", Map.of("s1", 0.80), COUNTS)
                .record("c3", Map.of("s1", 0.70), COUNTS);
        // the champion's own best is excluded: the best other is c2's .80
        assertThat(l.forgetting("champ", Map.of("s1", 0.95)).get("s1")).isCloseTo(-0.15, within(1e-12));
        assertThat(l.forgetting("c3", Map.of("s1", 0.70)).get("s1")).isCloseTo(0.25, within(1e-12));
        // only the two best distinct checkpoints are kept per slice
        assertThat(l.slices().get("s1")).extracting(ForgettingLedger.Best::checkpointId)
                .containsExactly("champ", "c2");
    }

    @Test
    void recordingAgainKeepsACheckpointsBest() {
        ForgettingLedger l = ForgettingLedger.empty()
                .record("c1", Map.of("s1", 0.9), COUNTS)
                .record("c1", Map.of("s1", 0.7), COUNTS);
        assertThat(l.slices().get("s1")).hasSize(1);
        assertThat(l.slices().get("s1").get(0).accuracy()).isEqualTo(0.9);
        assertThat(l.slices().get("s1").get(0).examples()).isEqualTo(50);
    }

    @Test
    void survivesJson() {
        ForgettingLedger l = ForgettingLedger.empty().record("c1", Map.of("s1", 0.9, "s2", 0.4), COUNTS);
        ForgettingLedger back = EventJson.read(EventJson.write(l), ForgettingLedger.class);
        assertThat(back).isEqualTo(l);
    }
}
