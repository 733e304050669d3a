package io.streamtune.training.replay;

import static io.streamtune.training.replay.Items.index;
import static io.streamtune.training.replay.Items.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReservoirBufferTest {

    static final int CAPACITY = 50;
    static final int STREAM = 1_000;
    static final int TRIALS = 4_000;
    static final int BUCKETS = 20;
    /** Chi-square critical value for 19 degrees of freedom at p = 0.001. */
    static final double CHI2_CRITICAL_19_DF = 43.82;

    @Test
    void keepsAUniformSampleOfTheWholeStream() {
        long[] kept = new long[BUCKETS];
        for (int trial = 0; trial < TRIALS; trial++) {
            ReservoirBuffer buffer = new ReservoirBuffer(CAPACITY, 1.0, trial);
            for (int i = 0; i < STREAM; i++) {
                buffer.offer(item(i, "a", "app"));
            }
            assertThat(buffer.size()).isEqualTo(CAPACITY);
            assertThat(buffer.offered()).isEqualTo(STREAM);
            for (ReplayItem it : buffer.items()) {
                kept[index(it) * BUCKETS / STREAM]++;
            }
        }
        double chi2 = chiSquare(kept);
        System.out.printf("reservoir uniformity: chi2 = %.2f over %d buckets (critical %.2f at p=0.001)%n", chi2,
                BUCKETS, CHI2_CRITICAL_19_DF);
        assertThat(chi2).isLessThan(CHI2_CRITICAL_19_DF);
    }

    @Test
    void theStatisticRejectsABufferThatFavoursRecentExamples() {
        // The same statistic on a sliding window (the most recent CAPACITY examples) must fail: the test has power.
        long[] kept = new long[BUCKETS];
        for (int trial = 0; trial < 50; trial++) {
            Deque<Integer> window = new ArrayDeque<>();
            for (int i = 0; i < STREAM; i++) {
                window.addLast(i);
                if (window.size() > CAPACITY) {
                    window.removeFirst();
                }
            }
            window.forEach(i -> kept[i * BUCKETS / STREAM]++);
        }
        assertThat(chiSquare(kept)).isGreaterThan(CHI2_CRITICAL_19_DF);
    }

    static double chiSquare(long[] observed) {
        long total = 0;
        for (long o : observed) {
            total += o;
        }
        double expected = (double) total / observed.length;
        double chi2 = 0;
        for (long o : observed) {
            chi2 += (o - expected) * (o - expected) / expected;
        }
        return chi2;
    }

    @Test
    void noSourceHoldsMoreThanItsShare() {
        ReservoirBuffer buffer = new ReservoirBuffer(100, 0.3, 7);
        for (int i = 0; i < 5_000; i++) {
            buffer.offer(item(i, "a", i % 10 == 0 ? "quiet-" + (i / 10 % 5) : "noisy-app"));
            assertThat(buffer.perSource().getOrDefault("noisy-app", 0)).isLessThanOrEqualTo(30);
        }
        assertThat(buffer.maxPerSource()).isEqualTo(30);
        assertThat(buffer.perSource()).containsEntry("noisy-app", 30);
        // the quiet sources fill what the noisy one may not take
        assertThat(buffer.size()).isEqualTo(100);
        // and the noisy source's 30 are spread over its stream, not stuck at its first examples
        assertThat(buffer.items().stream().filter(it -> it.source().equals("noisy-app")).mapToInt(Items::index)
                .max().orElseThrow()).isGreaterThan(2_500);
    }

    @Test
    void aSingleSourceUsesTheWholeBuffer() {
        ReservoirBuffer buffer = new ReservoirBuffer(100, 0.3, 7);
        for (int i = 0; i < 1_000; i++) {
            buffer.offer(item(i, "a", "the-only-app"));
        }
        assertThat(buffer.size()).isEqualTo(100);
        assertThat(buffer.perSource()).containsEntry("the-only-app", 100);
        // once a second source speaks, the first may no longer take the other's slots beyond its share
        for (int i = 1_000; i < 3_000; i++) {
            buffer.offer(item(i, "a", i % 2 == 0 ? "the-only-app" : "second-app"));
        }
        assertThat(buffer.perSource().get("the-only-app")).isLessThanOrEqualTo(100);
        assertThat(buffer.perSource().get("second-app")).isPositive();
    }

    @Test
    void aBalancedSampleFillsTheLabelsTheBatchLacksFirst() {
        ReservoirBuffer buffer = new ReservoirBuffer(100, 1.0, 5);
        for (int i = 0; i < 60; i++) {
            buffer.offer(item(i, i < 40 ? "ham" : i < 54 ? "spam" : "eggs", "app"));
        }
        // a batch of 8 ham: 8 replayed rows go to the absent labels, as evenly as the buffer allows
        List<ReplayItem> sample = buffer.sampleBalanced(java.util.Map.of("ham", 8), 8, it -> true);
        assertThat(sample).hasSize(8).extracting(ReplayItem::label).containsOnly("spam", "eggs");
        assertThat(sample.stream().filter(it -> it.label().equals("eggs")).count()).isEqualTo(4);
        // 24: eggs runs out at 6, spam catches up with the 8 new ham, then spam and ham take turns (5 each)
        List<ReplayItem> more = buffer.sampleBalanced(java.util.Map.of("ham", 8), 24, it -> true);
        assertThat(more.stream().filter(it -> it.label().equals("eggs")).count()).isEqualTo(6);
        assertThat(more.stream().filter(it -> it.label().equals("spam")).count()).isEqualTo(13);
        assertThat(more.stream().filter(it -> it.label().equals("ham")).count()).isEqualTo(5);
        assertThat(more.stream().map(ReplayItem::id).distinct().count()).isEqualTo(24);
    }

    @Test
    void anEvenShareAlsoReplaysTheStepsOwnLabel() {
        ReservoirBuffer buffer = new ReservoirBuffer(100, 1.0, 5);
        for (int i = 0; i < 60; i++) {
            buffer.offer(item(i, i < 30 ? "ham" : "spam", "app"));
        }
        // a batch of 16 ham, 16 replayed, half spread evenly: 4 ham + 4 spam, then 8 more spam to balance the step
        List<ReplayItem> sample = buffer.sampleBalanced(java.util.Map.of("ham", 16), 16, 0.5, it -> true);
        assertThat(sample.stream().filter(it -> it.label().equals("ham")).count()).isEqualTo(4);
        assertThat(sample.stream().filter(it -> it.label().equals("spam")).count()).isEqualTo(12);
        // all of it spread evenly: the buffer sampled class-balanced, whatever the step holds
        List<ReplayItem> even = buffer.sampleBalanced(java.util.Map.of("ham", 16), 16, 1.0, it -> true);
        assertThat(even.stream().filter(it -> it.label().equals("ham")).count()).isEqualTo(8);
        assertThatThrownBy(() -> buffer.sampleBalanced(java.util.Map.of(), 4, 1.5, it -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("evenShare");
    }

    @Test
    void samplesDistinctItemsAndNeverMoreThanItHolds() {
        ReservoirBuffer buffer = new ReservoirBuffer(10, 1.0, 1);
        for (int i = 0; i < 6; i++) {
            buffer.offer(item(i, "a", "app"));
        }
        List<ReplayItem> sample = buffer.sample(4);
        assertThat(sample).hasSize(4);
        Set<String> ids = new HashSet<>();
        sample.forEach(it -> ids.add(it.id()));
        assertThat(ids).hasSize(4);
        assertThat(buffer.sample(100)).hasSize(6);
        assertThat(buffer.sample(0)).isEmpty();
    }

    @Test
    void reportsBoundedMemory() {
        ReservoirBuffer buffer = new ReservoirBuffer(20, 1.0, 3);
        long itemBytes = item(0, "a", "app").bytes();
        for (int i = 0; i < 1_000; i++) {
            buffer.offer(item(i, "a", "app"));
        }
        long sum = buffer.items().stream().mapToLong(ReplayItem::bytes).sum();
        assertThat(buffer.bytes()).isEqualTo(sum).isLessThanOrEqualTo(20 * (itemBytes + 8));
        assertThat(buffer.summary().bytes()).isEqualTo(sum);
        assertThat(buffer.summary().perClass()).containsEntry("a", 20);
    }
}
