package io.streamtune.training.linear;

import io.streamtune.features.HashedTfIdf;
import io.streamtune.contracts.LinearSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.training.Learner;
import io.streamtune.training.StepOutcome;
import io.streamtune.training.TrainingRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearLearnerTest {

    static final String[] SPAM = {"win money now", "cheap pills offer today", "free prize click here",
            "claim your free money", "you won a free cruise", "limited offer cheap watches", "click to claim your prize",
            "earn money fast from home", "free gift card winner", "lowest price pills online", "act now free bonus",
            "hot singles click here", "cash prize waiting claim now", "cheap loans approved instantly"};
    static final String[] HAM = {"meeting at noon", "see the attached report", "lunch tomorrow with the team",
            "notes from the call", "can you review my draft", "the build failed again on main",
            "agenda for thursday meeting", "please send the quarterly report", "minutes of yesterday's call",
            "moving the standup to ten", "review comments on the design doc", "the team lunch is on friday",
            "draft of the budget attached", "call me after the meeting"};
    static final String[] FOOD = {"scrambled eggs for breakfast", "bake the bread overnight",
            "simmer the soup with onions", "pancakes and eggs on sunday", "roast the vegetables in butter"};

    @TempDir
    Path dir;

    @Test
    void separatesTwoLabelsFromAFewDozenTexts() {
        LinearLearner learner = LinearLearner.create(LinearSettings.defaults(), List.of("spam", "ham"));
        Random r = new Random(7);
        for (int s = 0; s < 6; s++) {
            learner.step(batch(r, 8, 0));
        }
        List<String> unseen = List.of("claim your free cash prize now", "notes from the team meeting",
                "cheap pills click here", "please review the attached draft");
        assertThat(argmax(learner.predict(unseen))).containsExactly(0, 1, 0, 1);
        assertThat(learner.describe()).isEqualTo("linear (hashed tf-idf 2^20, adagrad lr 0.5) 2 labels");
    }

    @Test
    void aResumedLearnerContinuesBitForBit() throws IOException {
        LinearLearner a = LinearLearner.create(LinearSettings.defaults(), List.of("spam", "ham"));
        Random r = new Random(11);
        for (int s = 0; s < 5; s++) {
            a.step(batch(r, 8, 4));
        }
        a.save(dir.resolve("at5"));
        Learner b = new LinearLearnerFactory(LinearSettings.defaults().withLearningRate(0.01))
                .restore(spec(), spec().training(), dir.resolve("at5"));
        assertThat(b.labels()).containsExactly("spam", "ham");
        List<String> probe = List.of("free money meeting", "report prize", "completely unseen words");
        assertThat(b.predict(probe)).isDeepEqualTo(a.predict(probe));

        List<List<TrainingRow>> next = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            next.add(batch(r, 8, 4));
        }
        for (List<TrainingRow> rows : next) {
            StepOutcome oa = a.step(rows);
            StepOutcome ob = b.step(rows);
            assertThat(ob.loss()).isEqualTo(oa.loss());
            assertThat(ob.logits()).isDeepEqualTo(oa.logits());
        }
        assertThat(b.predict(probe)).isDeepEqualTo(a.predict(probe));
        a.save(dir.resolve("a"));
        b.save(dir.resolve("b"));
        for (String file : List.of(LinearCheckpoint.TENSORS, LinearCheckpoint.METADATA)) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(file)))
                    .as(file).isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(file)));
        }
        assertThat(Files.readString(dir.resolve("a").resolve(LinearCheckpoint.METADATA)))
                .contains("\"steps\" : 10", "\"documents\" : 80", "murmur3_x86_32", "\"learningRate\" : 0.5");
        // sparse: per used bucket its index and df (int32), 2 weights and 2 accumulators (float32); the biases
        int used = LinearModel.load(dir.resolve("a")).usedBuckets();
        assertThat(used).isBetween(100, 2_000); // 80 short texts touch a few hundred of the 2^20 buckets
        long data = 4L * (used * (2 + 2 * 2) + 2 * 2);
        assertThat(Files.size(dir.resolve("a").resolve(LinearCheckpoint.TENSORS))).isBetween(data, data + 1024);
    }

    @Test
    void theSavedModelScoresAsTheLearner() throws IOException {
        LinearLearner learner = LinearLearner.create(LinearSettings.defaults().withBits(16), List.of("spam", "ham"));
        Random r = new Random(3);
        for (int s = 0; s < 4; s++) {
            learner.step(batch(r, 8, 2));
        }
        learner.save(dir);
        LinearModel model = LinearModel.load(dir);
        List<String> texts = List.of("free prize", "the report", "");
        assertThat(model.labels()).containsExactly("spam", "ham");
        assertThat(model.logits(texts)).isDeepEqualTo(learner.predict(texts));
        double[][] p = model.probabilities(texts);
        assertThat(p[0][0]).isGreaterThan(0.5);
        assertThat(p[1][0] + p[1][1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void thePortableFileScoresAsTheModel() throws IOException {
        LinearLearner learner = LinearLearner.create(LinearSettings.defaults().withBits(16), List.of("spam", "ham"));
        Random r = new Random(9);
        for (int s = 0; s < 4; s++) {
            learner.step(batch(r, 8, 2));
        }
        io.streamtune.features.LinearHalfFile file = learner.model().portable(0.5);
        // every bucket with a document frequency, and those only replayed rows gave a weight
        assertThat(file.buckets().length).isGreaterThanOrEqualTo(learner.model().usedBuckets());
        List<String> texts = List.of("free prize", "the report", "", "words never seen");
        assertThat(file.probabilities(file.features(), texts)).isDeepEqualTo(learner.model().probabilities(texts));
        file.write(dir.resolve("half.json"));
        io.streamtune.features.LinearHalfFile read = io.streamtune.features.LinearHalfFile.read(dir.resolve(
                "half.json"));
        assertThat(read.probabilities(read.features(), texts)).isDeepEqualTo(learner.model().probabilities(texts));
    }

    @Test
    void aThirdLabelJoinsMidStream() {
        LinearLearner learner = LinearLearner.create(LinearSettings.defaults(), List.of("spam", "ham"));
        Random r = new Random(5);
        for (int s = 0; s < 4; s++) {
            learner.step(batch(r, 8, 0));
        }
        assertThat(learner.addLabel("food")).isEqualTo(2);
        assertThat(learner.predict(List.of("eggs")) [0]).hasSize(3);
        for (int s = 0; s < 4; s++) {
            List<TrainingRow> rows = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                rows.add(TrainingRow.text(FOOD[r.nextInt(FOOD.length)], 2, 1f));
            }
            rows.addAll(batch(r, 4, 0).stream().map(TrainingRow::asReplayed).toList());
            learner.step(rows);
        }
        assertThat(learner.labels()).containsExactly("spam", "ham", "food");
        assertThat(argmax(learner.predict(List.of("eggs and bread for breakfast", "claim your free prize",
                "notes from the meeting")))).containsExactly(2, 0, 1);
        assertThatThrownBy(() -> learner.addLabel("ham")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyNewRowsCountTowardsTheDocumentFrequencies() {
        LinearLearner learner = LinearLearner.create(LinearSettings.defaults().withBits(12), List.of("spam", "ham"));
        learner.step(List.of(TrainingRow.text("free money", 0, 1f), TrainingRow.text("the report", 1, 1f),
                TrainingRow.text("free money", 0, 1f).asReplayed()));
        HashedTfIdf features = learner.model().features();
        assertThat(features.documents()).isEqualTo(2);
        assertThat(features.documentFrequencies()[features.buckets("free")[0]]).isEqualTo(1);
    }

    @Test
    void aNonFiniteLossChangesNothing() throws IOException {
        LinearLearner learner = LinearLearner.create(LinearSettings.defaults().withBits(12), List.of("spam", "ham"));
        learner.step(batch(new Random(1), 8, 0));
        learner.save(dir.resolve("before"));
        StepOutcome outcome = learner.step(List.of(TrainingRow.text("free money", 0, 1f),
                TrainingRow.text("the report", 1, Float.NaN)));
        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.poisoned()).isFalse();
        assertThat(outcome.loss()).isNaN();
        learner.save(dir.resolve("after"));
        assertThat(Files.readAllBytes(dir.resolve("after").resolve(LinearCheckpoint.TENSORS)))
                .as("weights, accumulators and document frequencies")
                .isEqualTo(Files.readAllBytes(dir.resolve("before").resolve(LinearCheckpoint.TENSORS)));
        assertThat(learner.steps()).isEqualTo(1);
    }

    @Test
    void anErAceRowLeavesTheLabelsOutsideItsBatchAlone() {
        LinearLearner learner = LinearLearner.create(LinearSettings.defaults().withBits(12),
                List.of("spam", "ham", "food"));
        learner.step(batch(new Random(2), 8, 0));
        OnlineLogisticRegression regression = learner.model().regression();
        float[] hamBefore = regression.weights(1).clone();
        float[] spamBefore = regression.weights(0).clone();
        float hamBias = regression.bias()[1];
        learner.step(List.of(TrainingRow.text("free money", 0, 1f).withBatchLabelsOnly(true),
                TrainingRow.text("scrambled eggs", 2, 1f).withBatchLabelsOnly(true)));
        assertThat(regression.weights(1)).as("ham is in no ER-ACE row: its weights are untouched")
                .isEqualTo(hamBefore);
        assertThat(regression.bias()[1]).isEqualTo(hamBias);
        assertThat(regression.weights(0)).isNotEqualTo(spamBefore);
    }

    @Test
    void rowsWithoutTextAreRefusedAndFeaturesAreNotCached() {
        LinearLearner learner = LinearLearner.create(LinearSettings.defaults().withBits(8), List.of("a"));
        assertThat(learner.cachesFeatures()).isFalse();
        assertThatThrownBy(() -> learner.step(List.of(new TrainingRow(null, new byte[4], 0, 1f, null, 0f))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> learner.features(List.of("x"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> learner.predictFeatures(List.of(new byte[4])))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(learner.base()).isEmpty();
    }

    /** {@code fresh} new rows of spam (0) and ham (1), then {@code replayed} replayed ones. */
    static List<TrainingRow> batch(Random r, int fresh, int replayed) {
        List<TrainingRow> rows = new ArrayList<>();
        for (int i = 0; i < fresh + replayed; i++) {
            boolean spam = r.nextBoolean();
            TrainingRow row = TrainingRow.text(spam ? SPAM[r.nextInt(SPAM.length)] : HAM[r.nextInt(HAM.length)],
                    spam ? 0 : 1, 1f);
            rows.add(i < fresh ? row : row.asReplayed());
        }
        return rows;
    }

    static int[] argmax(float[][] logits) {
        int[] out = new int[logits.length];
        for (int i = 0; i < logits.length; i++) {
            for (int c = 1; c < logits[i].length; c++) {
                if (logits[i][c] > logits[i][out[i]]) {
                    out[i] = c;
                }
            }
        }
        return out;
    }

    static ModelSpec spec() {
        return ModelSpec.of("linear", LabelSet.open("spam", "ham"));
    }
}
