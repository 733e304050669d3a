package io.streamtune.model.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.CompletableFuture;

import io.streamtune.model.TestModels;
import io.streamtune.model.train.ClassifierTrainer;
import io.streamtune.model.train.OptimizerSettings;
import io.streamtune.model.train.TrainingExample;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inference and training steps leave no array behind in the classifier's long-lived manager, and
 * inference turns autograd off on whatever thread calls it.
 */
class NoLeakTest {

    @Test
    void stepsAndPredictionsFreeTheirArrays() throws Exception {
        try (Classifier c = TestModels.classifier(FineTuning.topK(1), List.of("ham", "spam"));
                ClassifierTrainer trainer = new ClassifierTrainer(c, OptimizerSettings.defaults())) {
            List<String> texts = List.of("see you at noon", TestModels.longText());
            List<TrainingExample> batch = List.of(TrainingExample.of("win cash now", 1), TrainingExample.of("agenda attached", 0));
            List<PrefixOutput> cached = c.inference().prefix(texts);
            Runnable round = () -> {
                c.inference().predict(texts);
                c.inference().top(cached);
                trainer.step(batch);
            };
            round.run(); // creates the optimizer moments
            int arrays = c.manager().getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                round.run();
            }
            assertEquals(arrays, c.manager().getManagedArrays().size(), "arrays left in the classifier's manager");
        }
    }

    @Test
    void inferenceTurnsGradModeOffOnItsThread() throws Exception {
        try (Classifier c = TestModels.classifier(FineTuning.head(), List.of("ham", "spam"))) {
            float[][] here = c.inference().predict(List.of("hello there"));
            // libtorch starts every new thread in grad mode
            float[][] there = CompletableFuture.supplyAsync(() -> {
                float[][] out = c.inference().predict(List.of("hello there"));
                assertFalse(JniUtils.isGradMode(), "grad mode left on in an inference thread");
                return out;
            }, r -> new Thread(r).start()).get();
            assertEquals(here[0][0], there[0][0]);
        }
    }
}
