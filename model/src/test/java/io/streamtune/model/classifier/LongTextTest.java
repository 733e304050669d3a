package io.streamtune.model.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.model.TestModels;
import io.streamtune.model.tokenize.TokenizerSettings;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A long text is read as several windows, not judged by its first window only. */
class LongTextTest {

    private static final long CLS = 101;
    private static final long SEP = 102;

    @Test
    void windowsHonourLengthStrideAndCount() throws Exception {
        var settings = new TokenizerSettings(64, 16, 3);
        var config = TestModels.config(FineTuning.head()).withTokenizer(settings);
        try (Classifier c = Classifier.create(TestModels.miniLm(), List.of("a", "b"), config)) {
            List<long[]> windows = c.tokenizer().windows(TestModels.longText());
            assertEquals(3, windows.size());
            for (long[] w : windows) {
                assertTrue(w.length <= 64);
                assertEquals(CLS, w[0]);
                assertEquals(SEP, w[w.length - 1]);
            }
            long[] first = windows.get(0);
            long[] second = windows.get(1);
            // the last 16 content tokens of a window open the next one
            assertArrayEquals(Arrays.copyOfRange(first, first.length - 1 - 16, first.length - 1),
                    Arrays.copyOfRange(second, 1, 17));
            assertEquals(1, c.tokenizer().windows("short").size());
        }
    }

    @Test
    void textsThatDifferOnlyAfterTheFirstWindowGetDifferentLogits() throws Exception {
        String opening = TestModels.longText();
        List<String> texts = List.of(opening + " Please wire the money today.", opening + " See you at lunch.");
        var oneWindow = TestModels.config(FineTuning.head())
                .withTokenizer(TokenizerSettings.defaults().withMaxWindows(1));
        try (Classifier c = Classifier.create(TestModels.miniLm(), List.of("a", "b"), oneWindow)) {
            float[][] logits = c.inference().predict(texts);
            assertArrayEquals(logits[0], logits[1], 1e-6f);
        }
        var fourWindows = TestModels.config(FineTuning.head());
        try (Classifier c = Classifier.create(TestModels.miniLm(), List.of("a", "b"), fourWindows)) {
            float[][] logits = c.inference().predict(texts);
            assertFalse(Arrays.equals(logits[0], logits[1]), "the ending must count");
        }
    }
}
