package io.streamtune.evaluator.heldout;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.LabelledExample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Offsets, snapshots that stay frozen, and a restore that carries on exactly where it stopped. */
class HeldoutStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final TimeSlices WEEKS = new TimeSlices(Duration.ofDays(7));

    @Test
    void slicesAreAlignedOnTheEpochAndNamedByTheirStart() {
        assertThat(WEEKS.sliceOf(Instant.parse("1970-01-09T12:00:00Z"))).isEqualTo("1970-01-08T00:00:00Z");
        assertThat(new TimeSlices(Duration.ofDays(1)).sliceOf(Instant.parse("2003-05-17T23:59:59Z")))
                .isEqualTo("2003-05-17T00:00:00Z");
        assertThat(WEEKS.sliceOf(Instant.parse("1969-12-31T00:00:00Z"))).isEqualTo("1969-12-25T00:00:00Z");
    }

    @Test
    void recordsBelowTheNextOffsetAreSkipped() {
        HeldoutStore s = new HeldoutStore("spam", 100, WEEKS, CLOCK);
        assertThat(s.add(0, 0, example(1, "ham"))).isEqualTo(HeldoutStore.Outcome.ADDED);
        assertThat(s.add(0, 1, example(2, "spam"))).isEqualTo(HeldoutStore.Outcome.ADDED);
        assertThat(s.add(0, 1, example(2, "spam"))).isEqualTo(HeldoutStore.Outcome.ALREADY_CONSUMED);
        assertThat(s.add(1, 0, example(2, "spam"))).isEqualTo(HeldoutStore.Outcome.DUPLICATE);
        assertThat(s.offsets()).containsEntry(0, 2L).containsEntry(1, 1L);
        assertThat(s.size()).isEqualTo(2);
        s.skip(0, 2); // a poison record, sent to the DLQ
        s.skip(0, 0); // an old one: no effect
        assertThat(s.offsets()).containsEntry(0, 3L);
        assertThat(s.add(0, 2, example(9, "ham"))).isEqualTo(HeldoutStore.Outcome.ALREADY_CONSUMED);
    }

    @Test
    void aSnapshotStaysAsFrozenAndItsIdChangesOnlyWithTheExamples() {
        HeldoutStore s = new HeldoutStore("spam", 3, WEEKS, CLOCK);
        for (int i = 0; i < 3; i++) {
            s.add(0, i, example(i, i % 2 == 0 ? "ham" : "spam"));
        }
        HeldoutSnapshot first = s.freeze().snapshot();
        assertThat(first.id()).isEqualTo("spam-hs-000001");
        assertThat(s.freeze().snapshot()).isSameAs(first);

        s.add(0, 3, example(3, "spam")); // evicts a ham (the largest stratum), adds a spam
        assertThat(first.size()).isEqualTo(3);
        assertThat(first.examples()).extracting(HeldoutExample::id).containsExactlyInAnyOrder("e0", "e1", "e2");
        HeldoutSnapshot second = s.freeze().snapshot();
        assertThat(second.id()).isEqualTo("spam-hs-000002");
        assertThat(second.examples()).extracting(HeldoutExample::id).contains("e3");
    }

    @Test
    void consumingWithoutKeepingMovesTheOffsetsNotTheSnapshot() {
        HeldoutStore s = new HeldoutStore("spam", 2, WEEKS, CLOCK);
        s.add(0, 0, example(0, "ham"));
        s.add(0, 1, example(1, "spam"));
        // add hams until one is not kept (ham is a largest stratum: kept with probability size/seen)
        long offset = 2;
        HeldoutStore.Frozen before;
        HeldoutStore.Outcome o;
        do {
            before = s.freeze();
            o = s.add(0, offset, example((int) offset, "ham"));
            offset++;
        } while (o != HeldoutStore.Outcome.NOT_SAMPLED);
        assertThat(s.dirty()).isTrue();
        HeldoutStore.Frozen after = s.freeze();
        assertThat(s.dirty()).isFalse();
        assertThat(after.snapshot()).isSameAs(before.snapshot());
        assertThat(after.state().offsets()).containsEntry(0, offset);
        assertThat(before.state().offsets()).containsEntry(0, offset - 1);
    }

    @Test
    void restoreCarriesOnAsIfNeverStopped() {
        HeldoutStore straight = new HeldoutStore("spam", 40, WEEKS, CLOCK);
        HeldoutStore first = new HeldoutStore("spam", 40, WEEKS, CLOCK);
        for (int i = 0; i < 300; i++) {
            straight.add(i % 3, i / 3, example(i, label(i)));
            if (i < 170) {
                first.add(i % 3, i / 3, example(i, label(i)));
            }
        }
        HeldoutStore.Frozen saved = first.freeze();
        // through JSON, as S3 holds it
        HeldoutSnapshot snapshot = EventJson.read(EventJson.write(saved.snapshot()), HeldoutSnapshot.class);
        HeldoutState state = EventJson.read(EventJson.write(saved.state()), HeldoutState.class);
        HeldoutStore resumed = HeldoutStore.restore(state, snapshot, 40, WEEKS, CLOCK);
        assertThat(resumed.lastSnapshotId()).isEqualTo(saved.snapshot().id());
        assertThat(resumed.dirty()).isFalse();
        for (int i = 0; i < 300; i++) { // re-delivery from the start: what the snapshot covers is skipped
            resumed.add(i % 3, i / 3, example(i, label(i)));
        }
        assertThat(resumed.freeze().snapshot().examples())
                .containsExactlyInAnyOrderElementsOf(straight.freeze().snapshot().examples());
        assertThat(resumed.offsets()).isEqualTo(straight.offsets());
        assertThat(resumed.seen()).isEqualTo(300);
        assertThat(resumed.freeze().snapshot().id()).isEqualTo("spam-hs-000002");
    }

    private static String label(int i) {
        return i % 5 == 0 ? "spam" : "ham";
    }

    /** Examples spread over three weeks of 2003. */
    static LabelledExample example(int i, String label) {
        Instant t = Instant.parse("2003-01-06T00:00:00Z").plus(Duration.ofHours(5L * i % (21 * 24)));
        return new LabelledExample(null, 0, null, "e" + i, "spam", "text number " + i, label, "test", t, null);
    }
}
