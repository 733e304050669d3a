package io.streamtune.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.evaluator.heldout.HeldoutExample;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CheckpointScoresTest {

    @Test
    void knownRowsComeBackByExampleAndUnknownOnesAreNull() {
        CheckpointScores scores = new CheckpointScores(4);
        float[][] rows = {{0.9f, 0.1f}, {0.2f, 0.8f}};
        scores.put("m", "ck-1", List.of("ham", "spam"), examples(0, 2), rows);
        rows[0][0] = 0f; // the cache holds its own copy

        CheckpointScores.Known known = scores.find("m", "ck-1").orElseThrow();
        float[][] again = known.rows(examples(1, 3));
        assertThat(known.labels()).containsExactly("ham", "spam");
        assertThat(again[0]).containsExactly(0.2f, 0.8f);
        assertThat(again[1]).isNull();
        assertThat(known.rows(examples(0, 1))[0]).containsExactly(0.9f, 0.1f);
        assertThat(scores.find("m", "ck-2")).isEmpty();
        assertThat(scores.find("other", "ck-1")).isEmpty();
    }

    @Test
    void aNewPutReplacesAndTheLeastRecentlyUsedCheckpointGoes() {
        CheckpointScores scores = new CheckpointScores(2);
        scores.put("m", "a", List.of("x"), examples(0, 1), new float[][] {{1f}});
        scores.put("m", "b", List.of("x"), examples(0, 1), new float[][] {{1f}});
        scores.find("m", "a");
        scores.put("m", "c", List.of("x"), examples(0, 1), new float[][] {{1f}});
        assertThat(scores.find("m", "b")).isEmpty();
        assertThat(scores.find("m", "a")).isPresent();

        scores.put("m", "a", List.of("x"), examples(5, 6), new float[][] {{0.5f}});
        assertThat(scores.find("m", "a").orElseThrow().rows(examples(0, 1))[0]).isNull();
    }

    @Test
    void rowsMustMatchTheExamples() {
        CheckpointScores scores = new CheckpointScores(2);
        assertThatThrownBy(() -> scores.put("m", "a", List.of("x"), examples(0, 2), new float[][] {{1f}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 rows for 2 examples");
        assertThatThrownBy(() -> new CheckpointScores(0)).hasMessageContaining("score-cache-checkpoints");
    }

    private static List<HeldoutExample> examples(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new HeldoutExample("e" + i, "t" + i, "ham", Instant.EPOCH,
                "s")).toList();
    }
}
