package io.streamtune.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Scoring batches are formed from examples sorted by length, within the window budget. */
class BatchPlanTest {

    @Test
    void shortAndLongExamplesAreNotMixed() {
        // alternating 10 and 120 tokens: in arrival order every batch of 2 would pad a 10-token window to 120
        int[] longest = {10, 120, 10, 120, 10, 120, 10, 120};
        int[] windows = {1, 1, 1, 1, 1, 1, 1, 1};
        List<int[]> batches = DjlScoringModel.batches(longest, windows, 2);
        assertThat(batches).hasSize(4);
        for (int[] b : batches) {
            assertThat(b).hasSize(2);
            assertThat(longest[b[0]]).isEqualTo(longest[b[1]]);
        }
        assertThat(flatten(batches)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void batchesFollowLengthOrderAndKeepTheWindowBudget() {
        int[] longest = {77, 5, 128, 40, 12, 90, 64, 33, 128, 7};
        int[] windows = {1, 1, 3, 1, 1, 2, 1, 1, 4, 1};
        List<int[]> batches = DjlScoringModel.batches(longest, windows, 3);
        List<Integer> order = flatten(batches);
        assertThat(order).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10).boxed().toList());
        for (int i = 1; i < order.size(); i++) {
            assertThat(longest[order.get(i)]).isGreaterThanOrEqualTo(longest[order.get(i - 1)]);
        }
        for (int[] b : batches) {
            int w = IntStream.of(b).map(i -> windows[i]).sum();
            // within the budget, unless one example alone has more windows than that
            assertThat(w <= 3 || b.length == 1).as("windows %d in a batch of %d", w, b.length).isTrue();
        }
        assertThat(batches).anySatisfy(b -> assertThat(b).containsExactly(8)); // 4 windows > 3: on its own
    }

    @Test
    void noExamplesNoBatches() {
        assertThat(DjlScoringModel.batches(new int[0], new int[0], 32)).isEmpty();
    }

    private static List<Integer> flatten(List<int[]> batches) {
        List<Integer> out = new ArrayList<>();
        batches.forEach(b -> IntStream.of(b).forEach(out::add));
        return out;
    }
}
