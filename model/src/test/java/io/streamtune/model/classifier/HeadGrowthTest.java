package io.streamtune.model.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamtune.model.TestModels;
import io.streamtune.model.train.ClassifierTrainer;
import io.streamtune.model.train.OptimizerSettings;
import io.streamtune.model.train.TrainingExample;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adding a label grows the head by one row and leaves the others as they were. */
class HeadGrowthTest {

    @Test
    void addingALabelKeepsExistingRows() throws Exception {
        try (Classifier c = TestModels.classifier(FineTuning.head(), List.of("ham", "spam"));
                ClassifierTrainer trainer = new ClassifierTrainer(c, OptimizerSettings.defaults())) {
            trainer.step(List.of(TrainingExample.of("buy now", 1), TrainingExample.of("hello", 0)));
            List<String> texts = TestModels.SENTENCES.subList(0, 3);
            float[][] before = c.inference().predict(texts);
            float[] rowsBefore = c.training().parameters().get(ClassifierHead.WEIGHT).getArray().toFloatArray();

            assertEquals(2, c.addLabel("phishing"));
            assertEquals(1, c.addLabel("spam"));
            assertEquals(List.of("ham", "spam", "phishing"), c.labels());

            float[] rowsAfter = c.training().parameters().get(ClassifierHead.WEIGHT).getArray().toFloatArray();
            assertArrayEquals(rowsBefore, Arrays.copyOf(rowsAfter, rowsBefore.length));
            float[][] after = c.inference().predict(texts);
            for (float[] p : c.inference().probabilities(texts)) {
                assertEquals(1.0, p[0] + p[1] + p[2], 1e-6);
            }
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(3, after[i].length);
                assertArrayEquals(before[i], Arrays.copyOf(after[i], 2));
            }
            // the optimizer state grows with the head: the new label trains
            trainer.step(List.of(TrainingExample.of("verify your bank password", 2)));
            float[] trained = c.training().parameters().get(ClassifierHead.WEIGHT).getArray().toFloatArray();
            assertEquals(3 * 384, trained.length);
        }
    }
}
