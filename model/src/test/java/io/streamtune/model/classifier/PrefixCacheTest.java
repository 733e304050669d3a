package io.streamtune.model.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.model.TestModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** top(prefix(x)) reproduces the whole model's logits, through bytes and back. */
class PrefixCacheTest {

    private static final List<String> TEXTS = texts();

    @Test
    void topOfPrefixEqualsWholeModelInTopKMode() throws Exception {
        try (Classifier c = TestModels.classifier(FineTuning.topK(2), List.of("a", "b", "c"))) {
            assertClose(c.inference().predict(TEXTS), c.inference().top(roundTrip(c.inference().prefix(TEXTS))), 1e-3f);
        }
        var exact = TestModels.config(FineTuning.topK(2)).withPrefixPrecision(PrefixPrecision.FP32);
        try (Classifier c = Classifier.create(TestModels.miniLm(), List.of("a", "b", "c"), exact)) {
            List<PrefixOutput> prefixes = c.inference().prefix(TEXTS);
            assertClose(c.inference().predict(TEXTS), c.inference().top(roundTrip(prefixes)), 1e-5f);
            assertEquals(4, prefixes.get(0).layer());
            assertEquals(prefixes.get(0).length(0) * 384 * 4, prefixes.get(0).sizeBytes());
        }
    }

    @Test
    void headModeCachesPooledEmbeddings() throws Exception {
        var exact = TestModels.config(FineTuning.head()).withPrefixPrecision(PrefixPrecision.FP32);
        try (Classifier c = Classifier.create(TestModels.miniLm(), List.of("a", "b"), exact)) {
            List<PrefixOutput> prefixes = c.inference().prefix(TEXTS);
            assertTrue(prefixes.get(0).pooled());
            assertEquals(384 * 4, prefixes.get(0).sizeBytes());
            assertClose(c.inference().predict(TEXTS), c.inference().top(roundTrip(prefixes)), 1e-5f);
            assertEquals(32, c.prefixKey().length());
        }
    }

    /**
     * A text's prefix output computed alone depends only on its token ids: computed again from the ids it carries, in
     * another grouping, the bytes are the same; so a replay buffer's checkpoint keeps the ids. The batched form pads
     * windows to their chunk's longest and may round differently.
     */
    @Test
    void aloneOutputsAreComputedAgainFromTheirTokens() throws Exception {
        try (Classifier c = TestModels.classifier(FineTuning.topK(2), List.of("a", "b", "c"))) {
            List<PrefixOutput> alone = c.inference().prefixAlone(TEXTS);
            List<long[][]> tokens = new ArrayList<>();
            for (PrefixOutput p : alone) {
                tokens.add(PrefixOutput.fromBytes(p.toBytes()).tokens());
                // the header-only reader the replay checkpoint uses gives the same ids
                assertEquals(java.util.Arrays.deepToString(p.tokens()),
                        java.util.Arrays.deepToString(PrefixOutput.tokensOf(p.toBytes())));
            }
            java.util.Collections.reverse(tokens);
            List<PrefixOutput> again = c.inference().prefixOfTokens(tokens);
            java.util.Collections.reverse(again);
            for (int i = 0; i < alone.size(); i++) {
                assertTrue(java.util.Arrays.equals(alone.get(i).toBytes(), again.get(i).toBytes()), "text " + i);
            }
            List<PrefixOutput> batched = c.inference().prefix(TEXTS);
            assertEquals(batched.get(0).length(0), alone.get(0).length(0));
            assertEquals(java.util.Arrays.deepToString(batched.get(1).tokens()),
                    java.util.Arrays.deepToString(alone.get(1).tokens()));
            assertClose(c.inference().top(batched), c.inference().top(alone), 1e-3f);
            assertThrows(IllegalArgumentException.class,
                    () -> c.inference().prefixOfTokens(List.<long[][]>of(new long[][] {{101, 1_000_000, 102}})));
            assertThrows(IllegalArgumentException.class,
                    () -> c.inference().prefixOfTokens(List.<long[][]>of(new long[][] {new long[129]})));
        }
    }

    @Test
    void fullModeHasNoPrefix() throws Exception {
        try (Classifier c = TestModels.classifier(FineTuning.full(), List.of("a", "b"))) {
            assertThrows(IllegalStateException.class, () -> c.inference().prefix(TEXTS));
        }
    }

    /** Through toBytes/fromBytes and through Java serialisation, as a replay buffer may keep it. */
    private static List<PrefixOutput> roundTrip(List<PrefixOutput> in) throws Exception {
        List<PrefixOutput> out = new ArrayList<>();
        for (PrefixOutput p : in) {
            PrefixOutput back = PrefixOutput.fromBytes(p.toBytes());
            assertEquals(p, back);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
                o.writeObject(back);
            }
            try (ObjectInputStream i = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                back = (PrefixOutput) i.readObject();
            }
            assertEquals(p, back);
            out.add(back);
        }
        return out;
    }

    static void assertClose(float[][] expected, float[][] actual, float tolerance) {
        assertEquals(expected.length, actual.length);
        float worst = 0;
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                worst = Math.max(worst, Math.abs(expected[i][j] - actual[i][j]));
            }
        }
        assertTrue(worst <= tolerance, "max |delta| " + worst + " > " + tolerance);
    }

    private static List<String> texts() {
        List<String> t = new ArrayList<>(TestModels.SENTENCES.subList(0, 4));
        t.add(TestModels.longText());
        return t;
    }
}
