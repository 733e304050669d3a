package io.streamtune.trainer.training.replay;

import static io.streamtune.trainer.training.replay.Items.item;
import static io.streamtune.trainer.training.replay.Items.withLogits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void refusesAnItemWithoutLogits() {
        DerBuffer buffer = new DerBuffer(10, 1.0, 4);
        assertThatThrownBy(() -> buffer.offer(item(1, "a", "app"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logits");
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
