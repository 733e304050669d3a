package io.streamtune.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.contracts.LinearSettings;
import io.streamtune.evaluator.evaluation.ScoringModel;
import io.streamtune.evaluator.evaluation.UnusableCheckpointException;
import io.streamtune.evaluator.heldout.HeldoutExample;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import io.streamtune.training.TrainingRow;
import io.streamtune.training.linear.LinearLearner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A linear family checkpoint, as the trainer writes it, is scored by its own files; others go to the transformer. */
class FamilyScorerTest {

    @TempDir
    Path dir;

    @Test
    void scoresALinearCheckpointWithTheLearnersOwnCodeAndHandsOtherFilesOn() throws Exception {
        LinearLearner learner = LinearLearner.create(LinearSettings.defaults().withBits(12), List.of("spam", "ham"));
        List<TrainingRow> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(new TrainingRow("win a free prize now " + i, null, 0, 1f, null, 0f));
            rows.add(new TrainingRow("minutes of the meeting on monday " + i, null, 1, 1f, null, 0f));
        }
        for (int epoch = 0; epoch < 3; epoch++) {
            learner.step(rows);
        }
        Path checkpoint = dir.resolve("ck");
        learner.save(checkpoint.resolve("model")); // where the trainer's checkpoints keep a learner's files
        HeldoutSnapshot snapshot = new HeldoutSnapshot("spam", "spam-1", 1, Instant.now(), List.of(
                new HeldoutExample("h1", "a free prize for you", "spam", Instant.now(), "s", null),
                new HeldoutExample("h2", "the meeting moved to monday", "ham", Instant.now(), "s", null)));
        List<String> handedOn = new ArrayList<>();
        FamilyScorer scorer = new FamilyScorer((model, d) -> {
            handedOn.add(d.getFileName().toString());
            throw new UnusableCheckpointException("not a transformer", null);
        });
        try (ScoringModel m = scorer.load("spam", checkpoint)) {
            assertThat(m.labels()).containsExactly("spam", "ham");
            float[][] p = m.probabilities(snapshot);
            float[][] logits = learner.predict(snapshot.texts());
            assertThat(p[0][0]).isGreaterThan(0.5f);
            assertThat(p[1][1]).isGreaterThan(0.5f);
            for (float[] row : p) {
                assertThat(row[0] + row[1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
            }
            // the same ranking as the learner's own logits
            assertThat(logits[0][0] > logits[0][1]).isTrue();
        }
        assertThat(handedOn).isEmpty();

        Path transformer = Files.createDirectories(dir.resolve("other"));
        assertThatThrownBy(() -> scorer.load("spam", transformer)).isInstanceOf(UnusableCheckpointException.class);
        assertThat(handedOn).containsExactly("other");

        Files.writeString(checkpoint.resolve("model").resolve(io.streamtune.training.linear.LinearModel.METADATA_FILE),
                "{not json");
        assertThatThrownBy(() -> scorer.load("spam", checkpoint)).isInstanceOf(UnusableCheckpointException.class)
                .hasMessageContaining("not a readable linear model");
    }
}
