package io.streamtune.training.replay;

import static io.streamtune.training.replay.Items.withLogits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.contracts.ReplayStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCodecTest {

    @TempDir
    Path dir;

    @Test
    void aRestoredBufferContinuesExactlyLikeTheOriginal() throws Exception {
        for (ReplayStrategy strategy : List.of(ReplayStrategy.RESERVOIR, ReplayStrategy.CLASS_BALANCED,
                ReplayStrategy.DER_PP)) {
            ReplayBuffer original = ReplayBuffers.create(strategy, 30, 0.5, 42);
            for (int i = 0; i < 500; i++) {
                original.offer(withLogits(i, "c" + (i % 3), i % 4 == 0 ? "x" : "y"));
            }
            Path file = dir.resolve(strategy.wire() + ".bin");
            ReplayCodec.write(original.state(), file);
            ReplayBuffer restored = ReplayBuffers.create(strategy, 30, 0.5, 999);
            restored.restore(ReplayCodec.read(file));

            for (int i = 500; i < 900; i++) {
                original.offer(withLogits(i, "c" + (i % 3), "y"));
                restored.offer(withLogits(i, "c" + (i % 3), "y"));
            }
            assertThat(ids(restored.items())).isEqualTo(ids(original.items()));
            assertThat(ids(restored.sample(10))).isEqualTo(ids(original.sample(10)));
            assertThat(restored.bytes()).isEqualTo(original.bytes());
            assertThat(restored.perClass()).isEqualTo(original.perClass());
        }
    }

    @Test
    void refusesAFileThatIsNotABuffer() throws Exception {
        Path file = dir.resolve("junk.bin");
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThatThrownBy(() -> ReplayCodec.read(file)).hasMessageContaining("not a replay buffer");
    }

    @Test
    void refusesAStateOfAnotherStrategy() throws Exception {
        ReplayBuffer reservoir = ReplayBuffers.create(ReplayStrategy.RESERVOIR, 30, 0.5, 1);
        ReplayBuffer balanced = ReplayBuffers.create(ReplayStrategy.CLASS_BALANCED, 30, 0.5, 1);
        assertThatThrownBy(() -> balanced.restore(reservoir.state())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reservoir");
    }

    private static List<String> ids(List<ReplayItem> items) {
        return items.stream().map(ReplayItem::id).toList();
    }
}
