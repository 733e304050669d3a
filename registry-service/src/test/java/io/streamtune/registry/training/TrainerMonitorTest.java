package io.streamtune.registry.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.ReplaySummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainerMonitorTest {

    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    final Map<String, Map<Integer, Long>> ends = new java.util.HashMap<>();
    final TrainerMonitor monitor = new TrainerMonitor(model -> Optional.ofNullable(ends.get(model)));

    @Test
    void ratesAndLagComeFromTwoCheckpointsAndTheTopicsEnd() {
        ends.put("spam", Map.of(0, 500L, 1, 300L));
        List<TrainerStats> pushed = new ArrayList<>();
        monitor.updates().subscribe().with(pushed::add);

        monitor.offer(checkpoint("spam", "ck-1", 0, 10, 160, Map.of(0, 100L, 1, 60L)));
        TrainerStats first = monitor.stats("spam").orElseThrow();
        assertThat(first.examplesPerSecond()).as("one checkpoint gives no rate").isNull();
        assertThat(first.lag()).isEqualTo(400 + 240);

        monitor.offer(checkpoint("spam", "ck-2", 8, 20, 320, Map.of(0, 200L, 1, 120L)));
        TrainerStats second = monitor.stats("spam").orElseThrow();
        assertThat(second.examplesPerSecond()).isEqualTo(160 / 8.0);
        assertThat(second.lag()).isEqualTo(300 + 180);
        assertThat(second.step()).isEqualTo(20);
        assertThat(second.replay().perClass()).containsEntry("spam", 3);
        assertThat(pushed).extracting(TrainerStats::checkpointId).containsExactly("ck-1", "ck-2");
    }

    @Test
    void aPartitionNeverReadIsAllLagAndUnknownEndsLeaveLagOut() {
        ends.put("spam", Map.of(0, 50L, 1, 70L));
        monitor.offer(checkpoint("spam", "ck-1", 0, 1, 16, Map.of(0, 50L)));
        assertThat(monitor.stats("spam").orElseThrow().lag()).isEqualTo(70);
        monitor.offer(checkpoint("tickets", "ck-9", 0, 1, 16, Map.of()));
        assertThat(monitor.stats("tickets").orElseThrow().lag()).isNull();
        assertThat(monitor.all()).extracting(TrainerStats::model).containsExactly("spam", "tickets");
    }

    @Test
    void aRepeatedOrOlderAnnouncementChangesNothing() {
        List<TrainerStats> pushed = new ArrayList<>();
        monitor.updates().subscribe().with(pushed::add);
        monitor.offer(checkpoint("spam", "ck-2", 10, 20, 320, Map.of()));
        monitor.offer(checkpoint("spam", "ck-2", 10, 20, 320, Map.of()));
        monitor.offer(checkpoint("spam", "ck-1", 0, 10, 160, Map.of()));
        assertThat(pushed).hasSize(1);
        assertThat(monitor.stats("spam").orElseThrow().examplesPerSecond()).isNull();
        assertThat(monitor.stats("ham")).isEmpty();
    }

    static CheckpointCreated checkpoint(String model, String id, int second, long step, long seen,
            Map<Integer, Long> offsets) {
        return new CheckpointCreated(null, 0, T.plusSeconds(second), model, id, null, "s3://c/" + model + "/" + id,
                step, seen, offsets, T, 0.25, new ReplaySummary(ReplayStrategy.RESERVOIR, 64, 5,
                        Map.of("spam", 3, "ham", 2), 1000));
    }
}
