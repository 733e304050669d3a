package io.streamtune.evaluator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.MonitoringReport;
import io.streamtune.evaluator.evaluation.CheckpointEvaluator;
import io.streamtune.evaluator.heldout.HeldoutExample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The monitor's batching, cadence, priority and window resets, with versions whose answers are known. */
class PrequentialMonitorTest {

    static final List<String> LABELS = List.of("ham", "spam");

    /** The champion says ham to everything; the previous version reads the truth off the text. */
    static final class Fake implements VersionModels {
        volatile Versions current = new Versions("m", 2, "ck-2", 2, 1);
        final List<Integer> batches = new ArrayList<>();

        @Override
        public Optional<Versions> current(String model) {
            return Optional.ofNullable(current);
        }

        @Override
        public Rows champion(String model, int version, List<HeldoutExample> examples) {
            batches.add(examples.size());
            return new Rows(LABELS, examples.stream().map(e -> new float[] {0.7f, 0.3f}).toArray(float[][]::new));
        }

        @Override
        public Rows previous(String model, int version, List<HeldoutExample> examples) {
            return new Rows(LABELS, examples.stream().map(e -> e.text().startsWith("spam") ? new float[] {0.1f, 0.9f}
                    : new float[] {0.9f, 0.1f}).toArray(float[][]::new));
        }
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final Fake fake = new Fake();
    final MutableClock clock = new MutableClock();
    final List<MonitoringReport> reports = new ArrayList<>();

    PrequentialMonitor monitor(int window, int reportEvery, int batch, int queue) {
        return new PrequentialMonitor(fake, reports::add, PrequentialMonitor.MonitorListener.NONE,
                new PrequentialMonitor.Settings(window, reportEvery, Duration.ofSeconds(30), batch, queue,
                        Duration.ofMillis(10)), clock);
    }

    static void offer(PrequentialMonitor m, int from, int n) {
        for (int i = from; i < from + n; i++) {
            String label = i % 2 == 0 ? "spam" : "ham";
            m.offer("m", 0, i, new HeldoutExample("id-" + i, label + " text " + i, label, Instant.EPOCH, "s1"));
        }
    }

    static void drain(PrequentialMonitor m) {
        while (m.queued() > 0) {
            m.step();
        }
    }

    @Test
    void arrivalsAreScoredInBatchesAndReportedEveryNOrAfterT() {
        PrequentialMonitor m = monitor(100, 10, 4, 1000);
        offer(m, 0, 9);
        drain(m);
        assertThat(fake.batches).containsExactly(4, 4, 1);
        assertThat(reports).as("9 new arrivals: not yet").isEmpty();
        offer(m, 9, 1);
        m.step();
        assertThat(reports).hasSize(1);
        MonitoringReport r = reports.get(0);
        assertThat(r.count()).isEqualTo(10);
        assertThat(r.newExamples()).isEqualTo(10);
        assertThat(r.previous().count()).isEqualTo(r.champion().count());
        assertThat(r.champion().accuracy()).isEqualTo(0.5);
        assertThat(r.previous().accuracy()).isEqualTo(1.0);
        assertThat(r.offsets()).containsExactly(new MonitoringReport.OffsetRange(0, 0, 9));

        offer(m, 10, 3);
        m.step();
        assertThat(reports).as("3 new, the interval not over").hasSize(1);
        clock.now = clock.now.plusSeconds(31);
        m.step();
        assertThat(reports).hasSize(2);
        assertThat(reports.get(1).newExamples()).isEqualTo(3);
        assertThat(reports.get(1).count()).isEqualTo(13);
        clock.now = clock.now.plusSeconds(31);
        m.step();
        assertThat(reports).as("nothing new: no report").hasSize(2);
    }

    @Test
    void nothingIsScoredWhileACheckpointIsEvaluated() {
        PrequentialMonitor m = monitor(100, 10, 4, 1000);
        CheckpointCreated c = new CheckpointCreated(null, 0, null, "m", "ck-9", null, "s3://c/m/ck-9/", 1, 16,
                Map.of(0, 16L), null, 0.1, null);
        m.onSnapshotFrozen(c, null);
        offer(m, 0, 5);
        assertThat(m.step()).isFalse();
        assertThat(m.queued()).isEqualTo(5);
        m.onEvaluated(CheckpointEvaluator.failed(c, "test"), Duration.ZERO);
        assertThat(m.step()).isTrue();
        assertThat(m.queued()).isEqualTo(1);
    }

    @Test
    void aMovedPointerStartsANewWindowAndAFullQueueDropsItsOldest() {
        PrequentialMonitor m = monitor(100, 5, 10, 6);
        offer(m, 0, 8);
        assertThat(m.dropped()).isEqualTo(2);
        drain(m);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).offsets()).containsExactly(new MonitoringReport.OffsetRange(0, 2, 7));

        fake.current = new Versions("m", 1, "ck-1", 3, 2); // rolled back
        offer(m, 8, 5);
        drain(m);
        assertThat(reports).hasSize(2);
        MonitoringReport after = reports.get(1);
        assertThat(after.championVersion()).isEqualTo(1);
        assertThat(after.previousVersion()).isEqualTo(2);
        assertThat(after.championGeneration()).isEqualTo(3);
        assertThat(after.count()).as("only what arrived since the move").isEqualTo(5);

        fake.current = null; // no champion: nothing to score
        offer(m, 13, 5);
        drain(m);
        m.flush();
        assertThat(reports).hasSize(2);
    }
}
