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

    /**
     * A learner that keeps a compact form of its features (here: the first 4 of 512 bytes, the rest derived from them)
     * gets the features back from it on read; features without a compact form are stored as they are.
     */
    @Test
    void compactFeaturesAreStoredSmallAndComputedAgainOnRead() throws Exception {
        StoredFeatures firstFour = new StoredFeatures() {
            @Override
            public byte[] compact(byte[] features) {
                return features[0] == 9 ? null : java.util.Arrays.copyOf(features, 4);
            }

            @Override
            public List<byte[]> expand(List<byte[]> compact) {
                return compact.stream().map(ReplayCodecTest::derive).toList();
            }
        };
        ReplayBuffer original = ReplayBuffers.create(ReplayStrategy.RESERVOIR, 50, 1.0, 3);
        for (int i = 0; i < 50; i++) {
            byte[] seed = {(byte) (i % 7 == 0 ? 9 : 1), (byte) i, (byte) (i * 3), (byte) (i * 7)};
            original.offer(new ReplayItem("id" + i, "c" + (i % 2), "s", null, derive(seed), new float[] {i}));
        }
        Path compact = dir.resolve("compact.bin");
        Path whole = dir.resolve("whole.bin");
        ReplayCodec.write(original.state(), compact, firstFour);
        ReplayCodec.write(original.state(), whole);
        assertThat(Files.size(compact)).isLessThan(Files.size(whole) / 3);

        ReplayState back = ReplayCodec.read(compact, firstFour);
        assertThat(back.items()).hasSize(50);
        for (int i = 0; i < 50; i++) {
            ReplayItem a = original.items().get(i);
            ReplayItem b = back.items().get(i);
            assertThat(b.id()).isEqualTo(a.id());
            assertThat(b.features()).isEqualTo(a.features());
            assertThat(b.logits()).isEqualTo(a.logits());
        }
        assertThatThrownBy(() -> ReplayCodec.read(compact)).hasMessageContaining("compact form");
        assertThat(ReplayCodec.read(whole).items().get(3).features()).isEqualTo(original.items().get(3).features());
    }

    /** 512 bytes that are a function of the first 4. */
    private static byte[] derive(byte[] seed) {
        byte[] out = new byte[512];
        for (int i = 0; i < out.length; i++) {
            out[i] = i < 4 ? seed[i] : (byte) (seed[i % 4] * 31 + i);
        }
        return out;
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
