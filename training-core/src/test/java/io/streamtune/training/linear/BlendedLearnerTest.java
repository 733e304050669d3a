package io.streamtune.training.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.contracts.LinearSettings;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.training.Learner;
import io.streamtune.training.LearnerFactory;
import io.streamtune.training.StepOutcome;
import io.streamtune.training.TinyLearner;
import io.streamtune.training.TrainingRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlendedLearnerTest {

    private static final LinearSettings LINEAR = LinearSettings.defaults().withBits(14);
    private static final List<String> PROBE = List.of("claim your free cash prize now", "notes from the team meeting",
            "cheap pills click here", "completely unseen words");

    @TempDir
    Path dir;

    private final LearnerFactory learners = new BlendedLearnerFactory(TinyLearner.factory(), LINEAR);

    private static TrainingSettings blended(double weight) {
        return LinearLearnerTest.spec().training().withLinearWeight(weight);
    }

    private BlendedLearner create(double weight) throws IOException {
        return (BlendedLearner) learners.create(LinearLearnerTest.spec(), blended(weight), List.of("spam", "ham"));
    }

    @Test
    void noWeightNoLinearHalf() throws IOException {
        Learner plain = learners.create(LinearLearnerTest.spec(), blended(0), List.of("spam", "ham"));
        assertThat(plain).isNotInstanceOf(BlendedLearner.class);
        assertThat(create(0.5).describe()).contains("+ linear half (weight 0.5, hashed tf-idf 2^14, adagrad lr 0.5)");
    }

    @Test
    void predictsTheWeightedMeanOfTheHalvesProbabilities() throws IOException {
        BlendedLearner learner = create(0.3);
        Random r = new Random(7);
        for (int s = 0; s < 6; s++) {
            learner.step(LinearLearnerTest.batch(r, 8, 4));
        }
        float[][] blended = learner.predict(PROBE);
        float[][] deep = learner.transformer().predict(PROBE);
        float[][] wide = learner.linear().predict(PROBE);
        for (int i = 0; i < PROBE.size(); i++) {
            double[] p = softmax(deep[i]);
            double[] q = softmax(wide[i]);
            double[] mixed = softmax(blended[i]);
            for (int c = 0; c < 2; c++) {
                assertThat(mixed[c]).isCloseTo(0.7 * p[c] + 0.3 * q[c], Offset.offset(1e-6));
                // the logits are the logarithm of the blend itself, not only up to a constant
                assertThat(Math.exp(blended[i][c])).isCloseTo(0.7 * p[c] + 0.3 * q[c], Offset.offset(1e-6));
            }
        }
        // both halves learnt: each alone separates the two clear probes
        assertThat(LinearLearnerTest.argmax(wide)).startsWith(0, 1, 0);
        assertThat(LinearLearnerTest.argmax(blended)).startsWith(0, 1, 0);
    }

    @Test
    void replayedRowsGivenAsFeaturesTrainBothHalves() throws IOException {
        BlendedLearner learner = create(0.5);
        List<String> texts = List.of("free prize click here", "minutes of yesterday's call");
        List<byte[]> features = learner.features(texts);
        assertThat(BlendedLearner.tail(features.get(0))).isEqualTo(texts.get(0));
        assertThat(learner.predictFeatures(features)).isDeepEqualTo(learner.predict(texts));

        // a step on new rows hands back features that hold the text too: what the loop puts in the buffer
        StepOutcome first = learner.step(List.of(TrainingRow.text(texts.get(0), 0, 1f),
                TrainingRow.text(texts.get(1), 1, 1f)));
        assertThat(first.applied()).isTrue();
        assertThat(first.features()).hasSize(2);
        assertThat(BlendedLearner.tail(first.features().get(1))).isEqualTo(texts.get(1));
        assertThat(first.logits()).hasNumberOfRows(2);

        // the same example replayed as those features moves the linear half as its text would
        LinearLearner twin = LinearLearner.create(LINEAR, List.of("spam", "ham"));
        twin.step(List.of(TrainingRow.text(texts.get(0), 0, 1f), TrainingRow.text(texts.get(1), 1, 1f)));
        TrainingRow replayed = new TrainingRow(null, first.features().get(0), 0, 1f, null, 0f, false, true);
        assertThat(learner.step(List.of(TrainingRow.text("act now free bonus", 0, 1f), replayed)).applied()).isTrue();
        twin.step(List.of(TrainingRow.text("act now free bonus", 0, 1f),
                TrainingRow.text(texts.get(0), 0, 1f).asReplayed()));
        assertThat(learner.linear().predict(PROBE)).isDeepEqualTo(twin.predict(PROBE));
        assertThat(learner.linear().model().features().documents()).isEqualTo(3);
    }

    @Test
    void aNewLabelGrowsBothHalves() throws IOException {
        BlendedLearner learner = create(0.5);
        assertThat(learner.addLabel("food")).isEqualTo(2);
        assertThat(learner.labels()).containsExactly("spam", "ham", "food");
        assertThat(learner.linear().labels()).containsExactly("spam", "ham", "food");
        assertThat(learner.predict(List.of("eggs"))[0]).hasSize(3);
        assertThatThrownBy(() -> new BlendedLearner(TinyLearner.factory().create(LinearLearnerTest.spec(),
                blended(0.5), List.of("spam", "ham")), LinearLearner.create(LINEAR, List.of("ham", "spam")), 0.5))
                .hasMessageContaining("disagree on the labels");
    }

    @Test
    void aCheckpointResumesBothHalvesAndScoresAsTheLearner() throws IOException {
        BlendedLearner a = create(0.5);
        Random r = new Random(11);
        for (int s = 0; s < 5; s++) {
            a.step(LinearLearnerTest.batch(r, 8, 4));
        }
        Path saved = dir.resolve("model");
        a.save(saved);
        assertThat(saved.resolve(LinearHalf.FILE)).exists();
        assertThat(saved.resolve(LinearHalf.FOLDER).resolve(LinearModel.METADATA_FILE)).exists();
        // a folder that holds it ("model/" inside a checkpoint) or the folder itself
        assertThat(LinearHalf.folderIn(dir)).contains(saved);
        assertThat(LinearHalf.folderIn(saved)).contains(saved);
        assertThat(LinearModel.folderIn(dir)).isEmpty();

        // what the evaluator scores: the transformer's probabilities blended with the saved linear half
        LinearHalf half = LinearHalf.load(saved);
        assertThat(half.weight()).isEqualTo(0.5);
        float[][] deep = a.transformer().predict(PROBE);
        float[][] p = new float[deep.length][];
        for (int i = 0; i < deep.length; i++) {
            double[] s = softmax(deep[i]);
            p[i] = new float[] {(float) s[0], (float) s[1]};
        }
        float[][] scored = half.blend(p, PROBE);
        float[][] learnt = a.predict(PROBE);
        for (int i = 0; i < PROBE.size(); i++) {
            for (int c = 0; c < 2; c++) {
                assertThat((double) scored[i][c]).isCloseTo(Math.exp(learnt[i][c]), Offset.offset(1e-6));
            }
        }

        Learner b = learners.restore(LinearLearnerTest.spec(), blended(0.5), saved);
        assertThat(b.predict(PROBE)).isDeepEqualTo(a.predict(PROBE));
        for (int s = 0; s < 4; s++) {
            List<TrainingRow> rows = LinearLearnerTest.batch(r, 8, 4);
            assertThat(b.step(rows).loss()).isEqualTo(a.step(rows).loss());
        }
        assertThat(b.predict(PROBE)).isDeepEqualTo(a.predict(PROBE));
    }

    @Test
    void aCheckpointWithoutALinearHalfGetsAFreshOneAndLosesItWhenTheWeightGoes() throws IOException {
        Learner plain = learners.create(LinearLearnerTest.spec(), blended(0), List.of("spam", "ham"));
        Random r = new Random(5);
        plain.step(LinearLearnerTest.batch(r, 8, 0));
        plain.save(dir.resolve("plain"));
        Learner grown = learners.restore(LinearLearnerTest.spec(), blended(0.5), dir.resolve("plain"));
        assertThat(grown).isInstanceOf(BlendedLearner.class);
        assertThat(((BlendedLearner) grown).linear().steps()).isZero();
        assertThat(((BlendedLearner) grown).transformer().predict(PROBE)).isDeepEqualTo(plain.predict(PROBE));

        grown.step(LinearLearnerTest.batch(r, 8, 0));
        grown.save(dir.resolve("grown"));
        Learner shrunk = learners.restore(LinearLearnerTest.spec(), blended(0), dir.resolve("grown"));
        assertThat(shrunk).isNotInstanceOf(BlendedLearner.class);
        assertThat(Files.exists(dir.resolve("grown").resolve(LinearHalf.FILE))).isTrue();
    }

    @Test
    void featuresThatAreNotABlendAreRefused() {
        assertThatThrownBy(() -> BlendedLearner.tail(new byte[] {0, 0, 0, 9, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a blended learner's features");
        byte[] joined = BlendedLearner.join(new byte[] {1, 2, 3}, "héllo");
        assertThat(BlendedLearner.head(joined)).containsExactly(1, 2, 3);
        assertThat(BlendedLearner.tail(joined)).isEqualTo("héllo");
    }

    private static double[] softmax(float[] logits) {
        double[] z = new double[logits.length];
        for (int c = 0; c < z.length; c++) {
            z[c] = logits[c];
        }
        return OnlineLogisticRegression.softmax(z, null);
    }
}
