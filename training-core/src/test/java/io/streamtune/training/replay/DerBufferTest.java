package io.streamtune.training.replay;

import static io.streamtune.training.replay.Items.item;
import static io.streamtune.training.replay.Items.withLogits;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.ReplayStrategy;
import org.junit.jupiter.api.Test;

class DerBufferTest {

    @Test
    void storesTheLogitsGivenAtInsertion() {
        DerBuffer buffer = new DerBuffer(10, 1.0, 4);
        for (int i = 0; i < 100; i++) {
            buffer.offer(withLogits(i, "a", "app"));
        }
        assertThat(buffer.size()).isEqualTo(10);
        for (ReplayItem it : buffer.items()) {
            int i = Items.index(it);
            assertThat(it.logits()).containsExactly(i, -i);
        }
        assertThat(buffer.summary().strategy()).isEqualTo(ReplayStrategy.DER_PP);
        assertThat(buffer.bytes()).isEqualTo(buffer.items().stream().mapToLong(ReplayItem::bytes).sum());
    }

    @Test
    void keepsAnItemWithoutLogitsForTheLabelTermAndLeavesItOutOfTheTargetShare() {
        DerBuffer buffer = new DerBuffer(10, 1.0, 4);
        buffer.offer(withLogits(5, "a", "app")); // logits [5, -5]: predicts a, right
        buffer.offer(withLogits(3, "b", "app")); // logits [3, -3]: predicts a, wrong
        buffer.offer(item(1, "a", "app")); // entered during warm-up: no logits
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.targetAccuracy(java.util.List.of("a", "b"))).isEqualTo(0.5);
        assertThat(new DerBuffer(10, 1.0, 4).targetAccuracy(java.util.List.of("a"))).isNaN();
    }

    @Test
    void noReplayKeepsNothing() {
        ReplayBuffer none = ReplayBuffers.create(ReplayStrategy.NONE, 100, 0.5, 1);
        none.offer(item(1, "a", "app"));
        assertThat(none.size()).isZero();
        assertThat(none.sample(5)).isEmpty();
        assertThat(none.offered()).isEqualTo(1);
    }
}
