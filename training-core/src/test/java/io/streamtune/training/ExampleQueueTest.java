package io.streamtune.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Micro-batching: full batches at once, a partial one only after the max wait, poison records never delay. */
class ExampleQueueTest {

    static final long MS = 1_000_000L;

    @Test
    void theDefaultsAreSixteenExamplesOrTwoSeconds() {
        TrainingSettings s = ModelSpec.of("m", LabelSet.closed("a", "b")).training();
        assertThat(s.batchSize()).isEqualTo(16);
        assertThat(s.maxWaitMillis()).isEqualTo(2_000);
        assertThat(s.replayRatio()).isEqualTo(1.0);
        assertThat(s.topK()).isEqualTo(2);
        assertThat(s.replayCapacity()).isEqualTo(2_000);
        assertThat(s.warmupSteps()).isPositive();
    }

    @Test
    void cutsFullBatchesAtOnceAndAPartialOneOnlyAfterTheMaxWait() {
        AtomicInteger wakes = new AtomicInteger();
        ExampleQueue q = new ExampleQueue(wakes::incrementAndGet);
        q.addAll(examples(0, 20, 0));
        assertThat(wakes).hasValue(1);
        List<Incoming> first = q.takeIfReady(16, 2_000 * MS, 1 * MS).orElseThrow();
        assertThat(first).extracting(Incoming::offset).containsExactlyElementsOf(range(0, 16));
        // 4 left, the oldest received at t = 0: not before 2 s
        assertThat(q.takeIfReady(16, 2_000 * MS, 1_999 * MS)).isEmpty();
        assertThat(q.takeIfReady(16, 2_000 * MS, 2_000 * MS).orElseThrow()).extracting(Incoming::offset)
                .containsExactlyElementsOf(range(16, 20));
        assertThat(q.size()).isZero();
        assertThat(q.takeIfReady(16, 2_000 * MS, 10_000 * MS)).isEmpty();
    }

    @Test
    void poisonRecordsLeaveAtOnceAndDoNotCountTowardsABatch() {
        ExampleQueue q = new ExampleQueue(() -> { });
        List<Incoming> in = new ArrayList<>();
        in.add(Incoming.poison(0, 0, 0, "bad", null, new byte[] {1}));
        in.addAll(examples(1, 3, 0));
        in.add(Incoming.poison(0, 4, 0, "bad", null, new byte[] {1}));
        in.addAll(examples(5, 2, 0));
        q.addAll(in);
        // batch of 8 not due yet: the leading poison record goes alone, then nothing until the batch is due
        assertThat(q.takeIfReady(8, 2_000 * MS, 1 * MS).orElseThrow()).extracting(Incoming::offset)
                .containsExactly(0L);
        assertThat(q.takeIfReady(8, 2_000 * MS, 1 * MS)).isEmpty();
        // 5 examples queued: a batch of 4 examples carries the poison record between them
        assertThat(q.takeIfReady(4, 2_000 * MS, 1 * MS).orElseThrow()).extracting(Incoming::offset)
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(q.takeIfReady(4, 2_000 * MS, 1 * MS)).isEmpty();
        assertThat(q.size()).isEqualTo(1);
    }

    private static List<Incoming> examples(long from, int n, long receivedNanos) {
        List<Incoming> out = new ArrayList<>();
        for (long o = from; o < from + n; o++) {
            out.add(Incoming.example(0, o, receivedNanos, LabelledExample.of("e" + o, "m", "t" + o, "a", "app")));
        }
        return out;
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long o = from; o < to; o++) {
            out.add(o);
        }
        return out;
    }
}
