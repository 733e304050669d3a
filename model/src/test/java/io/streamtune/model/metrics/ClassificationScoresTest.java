package io.streamtune.model.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Against values worked out by hand, and scikit-learn's f1_score(average="macro") on the same labels. */
class ClassificationScoresTest {

    private static final double EPS = 1e-12;

    @Test
    void macroF1AveragesThePerClassF1() {
        // spam: tp 2, fp 1, fn 1 -> F1 2/3; ham: tp 3, fp 1, fn 1 -> F1 3/4
        List<String> truth = List.of("spam", "spam", "spam", "ham", "ham", "ham", "ham");
        List<String> predicted = List.of("spam", "spam", "ham", "spam", "ham", "ham", "ham");
        ClassificationScores s = ClassificationScores.of(truth, predicted);
        assertEquals(2.0 / 3, s.f1("spam"), EPS);
        assertEquals(0.75, s.f1("ham"), EPS);
        assertEquals((2.0 / 3 + 0.75) / 2, s.macroF1(), EPS);
        assertEquals(5.0 / 7, s.accuracy(), EPS);
        assertEquals(7, s.count());
        assertEquals(new ClassificationScores.ClassCounts(2, 3, 3), s.perClass().get("spam"));
    }

    @Test
    void aClassOnlyPredictedCountsWithF1ZeroAndAnAbsentClassDoesNotCount() {
        // sklearn: f1_score(["ham","ham"], ["ham","spam"], average="macro") == 1/3
        ClassificationScores s = ClassificationScores.of(List.of("ham", "ham"), List.of("ham", "spam"));
        assertEquals(0, s.f1("spam"));
        assertEquals((2.0 / 3) / 2, s.macroF1(), EPS);
        assertEquals(0, s.f1("phishing"));
        assertFalse(s.perClass().containsKey("phishing"));
        assertEquals(1.0, ClassificationScores.of(List.of("ham"), List.of("ham")).macroF1());
    }

    @Test
    void aTrueClassNeverPredictedCountsWithF1Zero() {
        // a: tp 2, fp 1 (the c row), fn 0 -> 4/5; b: tp 0 -> 0; c: predicted once, never true -> 0
        // sklearn: f1_score(["a","a","b"], ["a","a","c"], average="macro") == (0.8 + 0 + 0) / 3
        ClassificationScores s = ClassificationScores.of(List.of("a", "a", "b"), List.of("a", "a", "c"));
        assertEquals(List.of("a", "b", "c"), List.copyOf(s.perClass().keySet()));
        assertEquals(1.0, s.f1("a"), EPS);
        assertEquals(1.0 / 3, s.macroF1(), EPS);
        ClassificationScores.ClassCounts b = s.perClass().get("b");
        assertEquals(0, b.precision());
        assertEquals(0, b.recall());
        ClassificationScores.ClassCounts c = s.perClass().get("c");
        assertEquals(0, c.recall());
        assertEquals(1, c.predicted());
    }

    @Test
    void precisionAndRecallFollowTheCounts() {
        ClassificationScores.ClassCounts c = new ClassificationScores.ClassCounts(2, 4, 3);
        assertEquals(2.0 / 3, c.precision(), EPS);
        assertEquals(0.5, c.recall(), EPS);
        // harmonic mean of 2/3 and 1/2
        assertEquals(2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5), c.f1(), EPS);
    }

    @Test
    void perfectPredictionsScoreOneAndNoExamplesScoreNaN() {
        ClassificationScores s = ClassificationScores.of(List.of("a", "b", "c"), List.of("a", "b", "c"));
        assertEquals(1.0, s.macroF1());
        assertEquals(1.0, s.accuracy());
        ClassificationScores none = ClassificationScores.of(List.of(), List.of());
        assertTrue(Double.isNaN(none.macroF1()));
        assertTrue(Double.isNaN(none.accuracy()));
    }

    @Test
    void mismatchedLengthsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationScores.of(List.of("a"), List.of()));
        assertTrue(e.getMessage().contains("1 labels"));
    }
}
