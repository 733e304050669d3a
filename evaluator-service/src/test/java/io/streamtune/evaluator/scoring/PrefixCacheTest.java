package io.streamtune.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.evaluator.heldout.HeldoutExample;
import io.streamtune.model.classifier.PrefixOutput;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The prefix cache on hand-made prefix outputs: what is computed, what is kept, what is dropped. */
class PrefixCacheTest {

    /** Counts the texts it is asked to encode; each output holds the text's length as its one value. */
    private static final class Encoder implements Function<List<String>, List<PrefixOutput>> {
        final List<String> asked = new ArrayList<>();

        @Override
        public List<PrefixOutput> apply(List<String> texts) {
            asked.addAll(texts);
            return texts.stream().map(t -> output(t.length())).toList();
        }
    }

    @Test
    void aGrownSetEncodesOnlyItsNewExamples() {
        PrefixCache cache = new PrefixCache(1 << 20);
        Encoder encoder = new Encoder();
        List<HeldoutExample> first = examples(0, 50);
        cache.outputs("m", "k", first, encoder);
        assertThat(encoder.asked).hasSize(50);

        List<HeldoutExample> grown = examples(0, 60);
        assertThat(cache.missing("m", "k", grown)).extracting(HeldoutExample::id)
                .containsExactlyElementsOf(examples(50, 60).stream().map(HeldoutExample::id).toList());
        List<PrefixOutput> out = cache.outputs("m", "k", grown, encoder);
        assertThat(encoder.asked).hasSize(60).endsWith(texts(examples(50, 60)).toArray(String[]::new));
        assertThat(out).hasSize(60);
        for (int i = 0; i < 60; i++) { // in the examples' order, cached or not
            assertThat(out.get(i)).isEqualTo(output(grown.get(i).text().length()));
        }
        assertThat(cache.hits()).isEqualTo(50);
        assertThat(cache.misses()).isEqualTo(60);
        assertThat(cache.entries()).isEqualTo(60);
    }

    @Test
    void aPartOfTheSetDoesNotDropTheRest() {
        PrefixCache cache = new PrefixCache(1 << 20);
        Encoder encoder = new Encoder();
        cache.outputs("m", "k", examples(0, 40), encoder);
        cache.outputs("m", "k", examples(35, 45), encoder); // a champion scoring only the examples new to it
        assertThat(cache.missing("m", "k", examples(0, 45))).isEmpty();
        assertThat(encoder.asked).hasSize(45);
    }

    @Test
    void retainOnlyDropsTheModelsDepartedExamplesUnderEveryKey() {
        PrefixCache cache = new PrefixCache(1 << 20);
        Encoder encoder = new Encoder();
        cache.outputs("m", "k1", examples(0, 10), encoder);
        cache.outputs("m", "k2", examples(0, 10), encoder);
        cache.outputs("m-2", "k1", examples(0, 10), encoder);
        long bytes = cache.bytes();

        int dropped = cache.retainOnly("m", Set.of("e3", "e4"));

        assertThat(dropped).isEqualTo(16);
        assertThat(cache.entries()).isEqualTo(14);
        assertThat(cache.bytes()).isEqualTo(bytes * 14 / 30);
        assertThat(cache.missing("m", "k1", examples(0, 10))).hasSize(8);
        assertThat(cache.missing("m-2", "k1", examples(0, 10))).isEmpty(); // another model, untouched
    }

    @Test
    void theBudgetDropsOtherKeysFirstThenStopsKeeping() {
        int each = output(1).sizeBytes();
        PrefixCache cache = new PrefixCache(10L * each);
        Encoder encoder = new Encoder();
        cache.outputs("m", "old", examples(0, 6), encoder);
        cache.outputs("m", "new", examples(0, 8), encoder);
        assertThat(cache.missing("m", "old", examples(0, 6))).hasSize(6);
        assertThat(cache.entries()).isEqualTo(8);
        cache.outputs("m", "new", examples(8, 14), encoder);
        assertThat(cache.entries()).isEqualTo(10);
        assertThat(cache.bytes()).isLessThanOrEqualTo(10L * each);
    }

    private static List<HeldoutExample> examples(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new HeldoutExample("e" + i, "text " + "x".repeat(i), "ham",
                Instant.EPOCH, "s")).toList();
    }

    private static List<String> texts(List<HeldoutExample> examples) {
        return examples.stream().map(HeldoutExample::text).toList();
    }

    /** A pooled FP32 output of width 4 (the byte form {@link PrefixOutput#fromBytes} reads). */
    private static PrefixOutput output(int value) {
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 4 + 1 + 4 + 1 + 4 + 4 + 16);
        b.putInt(0x53545058).put((byte) 1).putInt(6).put((byte) 1).putInt(4).put((byte) 1).putInt(1).putInt(1);
        for (int i = 0; i < 4; i++) {
            b.putFloat(value + i);
        }
        return PrefixOutput.fromBytes(b.array());
    }
}
