package io.streamtune.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.contracts.LinearSettings;
import io.streamtune.evaluator.evaluation.ScoringModel;
import io.streamtune.evaluator.evaluation.UnusableCheckpointException;
import io.streamtune.evaluator.heldout.HeldoutExample;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import io.streamtune.training.TrainingRow;
import io.streamtune.training.linear.LinearHalf;
import io.streamtune.training.linear.LinearLearner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
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

    @Test
    void blendsATransformerCheckpointWithItsLinearHalf() throws Exception {
        LinearLearner learner = LinearLearner.create(LinearSettings.defaults().withBits(12), List.of("spam", "ham"));
        List<TrainingRow> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(new TrainingRow("win a free prize now " + i, null, 0, 1f, null, 0f));
            rows.add(new TrainingRow("minutes of the meeting on monday " + i, null, 1, 1f, null, 0f));
        }
        learner.step(rows);
        Path checkpoint = dir.resolve("ck");
        Path model = checkpoint.resolve("model");
        learner.save(model.resolve(LinearHalf.FOLDER)); // as BlendedLearner.save lays it out
        LinearHalf.writeMarker(model, 0.25);
        HeldoutSnapshot snapshot = new HeldoutSnapshot("spam", "spam-1", 1, Instant.now(), List.of(
                new HeldoutExample("h1", "a free prize for you", "spam", Instant.now(), "s", null),
                new HeldoutExample("h2", "the meeting moved to monday", "ham", Instant.now(), "s", null)));
        List<String> closed = new ArrayList<>();
        FamilyScorer scorer = new FamilyScorer((name, d) -> new ScoringModel() {
            @Override
            public List<String> labels() {
                return List.of("spam", "ham");
            }

            @Override
            public float[][] probabilities(HeldoutSnapshot s) {
                return new float[][] {{0.1f, 0.9f}, {0.1f, 0.9f}}; // a transformer that says ham to everything
            }

            @Override
            public void close() {
                closed.add(d.getFileName().toString());
            }
        });
        double[][] linear = io.streamtune.training.linear.LinearModel.load(model.resolve(LinearHalf.FOLDER))
                .probabilities(snapshot.texts());
        try (ScoringModel m = scorer.load("spam", checkpoint)) {
            float[][] p = m.probabilities(snapshot);
            for (int i = 0; i < 2; i++) {
                assertThat((double) p[i][0]).isCloseTo(0.75 * 0.1 + 0.25 * linear[i][0], Offset.offset(1e-6));
                assertThat((double) p[i][1]).isCloseTo(0.75 * 0.9 + 0.25 * linear[i][1], Offset.offset(1e-6));
            }
            assertThat(linear[0][0]).isGreaterThan(0.5);
            assertThat(p[0][0]).isGreaterThan(0.1f);
        }
        assertThat(closed).containsExactly("ck");

        Files.writeString(model.resolve(LinearHalf.FILE), "{\"format\": \"streamtune-blend\", \"version\": 1, "
                + "\"linearWeight\": 1.5}");
        assertThatThrownBy(() -> scorer.load("spam", checkpoint)).isInstanceOf(UnusableCheckpointException.class)
                .hasMessageContaining("not a readable linear half").hasMessageContaining("linearWeight in (0, 1)");
    }
}
