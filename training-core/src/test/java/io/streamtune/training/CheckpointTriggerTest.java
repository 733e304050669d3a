package io.streamtune.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a checkpoint is due: the step count, the period, and a quiet stream, on a clock the test moves. */
class CheckpointTriggerTest {

    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    /** Every 10 steps, every 30 s, or 5 s after the last step once nothing is queued. */
    private CheckpointCoordinator coordinator() {
        TrainingSettings s = new TrainingSettings(null, 0, 16, 0, 0, 0, 0, 0, 0, ReplayStrategy.RESERVOIR, 100, 1.0,
                1.0, 10, 30, 0, 0, 0, 5);
        ModelSpec spec = new ModelSpec(null, 0, null, "tiny", LabelSet.closed("a", "b"), null, 0, 0, 0, s, null);
        CheckpointCoordinator c = new CheckpointCoordinator(spec, io.streamtune.contracts.Variant.primary(), s, null, dir,
                DeadLetterSink.NONE,
                CheckpointAnnouncer.NONE, TrainingListener.NONE, new TrainingProgress(), "test",
                RetentionPolicy.defaults());
        return c;
    }

    @Test
    void aQuietStreamIsCheckpointedSecondsAfterItsLastStep() {
        CheckpointCoordinator c = coordinator();
        long t0 = System.nanoTime();
        c.opened(java.util.Map.of());
        c.stepped(0.5, t0 + S);
        assertThat(c.due(t0 + 5 * S, true, true)).as("4 s after the step").isFalse();
        assertThat(c.due(t0 + 6 * S, true, false)).as("6 s after, examples still queued").isFalse();
        assertThat(c.due(t0 + 6 * S, true, true)).as("6 s after, nothing queued").isTrue();
        assertThat(c.due(t0 + 6 * S, false, true)).as("nothing moved").isFalse();
    }

    @Test
    void aBusyStreamIsCheckpointedByStepsOrPeriodNotByQuiet() {
        CheckpointCoordinator c = coordinator();
        long t0 = System.nanoTime();
        c.opened(java.util.Map.of());
        for (int i = 1; i <= 9; i++) {
            c.stepped(0.5, t0 + i * S);
            assertThat(c.due(t0 + i * S + S / 2, true, false)).as("after step " + i).isFalse();
        }
        c.stepped(0.5, t0 + 10 * S);
        assertThat(c.due(t0 + 10 * S, true, false)).as("the 10th step").isTrue();
    }

    @Test
    void withoutStepsOnlyThePeriodCounts() {
        // dead letters alone move the positions: they wait for the periodic checkpoint, the quiet rule needs a step
        CheckpointCoordinator c = coordinator();
        c.opened(java.util.Map.of());
        long t0 = System.nanoTime();
        assertThat(c.due(t0 + 10 * S, true, true)).isFalse();
        assertThat(c.due(t0 + 31 * S, true, true)).isTrue();
    }
}
