package io.streamtune.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearHalfFileTest {

    @TempDir
    Path dir;

    /** Two labels over the buckets of "free", "prize" and "meeting" (12 bits), with hand-set weights. */
    private static LinearHalfFile small() {
        HashedTfIdf f = new HashedTfIdf(12);
        int free = f.buckets("free")[0];
        int prize = f.buckets("prize")[0];
        int meeting = f.buckets("meeting")[0];
        int[] buckets = java.util.stream.IntStream.of(free, prize, meeting).sorted().toArray();
        float[][] weights = new float[2][3];
        for (int i = 0; i < 3; i++) {
            boolean spammy = buckets[i] != meeting;
            weights[0][i] = spammy ? 4f : -2f;
            weights[1][i] = spammy ? -2f : 4f;
        }
        return new LinearHalfFile(List.of("spam", "ham"), 0.25, 12, 10, buckets, new int[] {3, 4, 5}, weights,
                new float[] {0.1f, -0.1f});
    }

    @Test
    void scoresATextFromItsBucketsAndRoundTripsThroughJson() throws IOException {
        LinearHalfFile half = small();
        double[][] p = half.probabilities(half.features(), List.of("free prize", "the meeting", "", "unseen words"));
        assertThat(p[0][0]).isGreaterThan(0.8);
        assertThat(p[1][1]).isGreaterThan(0.8);
        // no known bucket: the biases alone
        double expected = Math.exp(0.1) / (Math.exp(0.1) + Math.exp(-0.1));
        assertThat(p[2][0]).isCloseTo(expected, Offset.offset(1e-6));
        assertThat(p[3][0]).isCloseTo(expected, Offset.offset(1e-6));

        Path file = dir.resolve(LinearHalfFile.FILE);
        half.write(file);
        assertThat(Files.readString(file)).contains("\"format\":\"streamtune-linear-half\"", "murmur3_x86_32",
                "\"linearWeight\":0.25");
        LinearHalfFile read = LinearHalfFile.read(file);
        assertThat(read.labels()).containsExactly("spam", "ham");
        assertThat(read.buckets()).isEqualTo(half.buckets());
        assertThat(read.weights()).isDeepEqualTo(half.weights());
        assertThat(read.probabilities(read.features(), List.of("free prize", "the meeting")))
                .isDeepEqualTo(new double[][] {p[0], p[1]});
    }

    @Test
    void refusesAnotherFormatOrRecipeAndInconsistentArrays() throws IOException {
        Path file = dir.resolve(LinearHalfFile.FILE);
        small().write(file);
        String json = Files.readString(file);
        Files.writeString(file, json.replace("\"seed\":0", "\"seed\":7"));
        assertThatThrownBy(() -> LinearHalfFile.read(file)).hasMessageContaining("other features than this build");
        Files.writeString(file, json.replace("\"version\":1", "\"version\":9"));
        assertThatThrownBy(() -> LinearHalfFile.read(file)).hasMessageContaining("of version 1");
        Files.writeString(file, json.replace("\"linearWeight\":0.25", "\"linearWeight\":1.0"));
        assertThatThrownBy(() -> LinearHalfFile.read(file)).hasMessageContaining("linearWeight must be in (0, 1)");
        assertThatThrownBy(() -> new LinearHalfFile(List.of("a", "b"), 0.5, 12, 1, new int[] {5, 3}, new int[2],
                new float[2][2], new float[2])).hasMessageContaining("out of order");
        assertThatThrownBy(() -> new LinearHalfFile(List.of("a", "b"), 0.5, 12, 1, new int[] {3}, new int[1],
                new float[1][1], new float[2])).hasMessageContaining("a weight row per label");
    }
}
