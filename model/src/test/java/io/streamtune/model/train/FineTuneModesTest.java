package io.streamtune.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import io.streamtune.model.TestModels;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.FineTuning;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Frozen parameters stay bit for bit; every trainable one moves. */
class FineTuneModesTest {

    private static final List<TrainingExample> BATCH = List.of(
            TrainingExample.of("cheap pills online now", 1),
            TrainingExample.of("lunch at noon?", 0),
            TrainingExample.of("you won a prize, click here", 1),
            TrainingExample.of("minutes of the meeting attached", 0));

    @Test
    void headModeTrainsOnlyTheHead() throws Exception {
        Map<String, Boolean> trained = trainAndCompare(FineTuning.head(), 3);
        assertEquals(Map.of("classifier.weight", true, "classifier.bias", true), onlyTrue(trained));
    }

    @Test
    void topOneTrainsTheLastLayerAndTheHead() throws Exception {
        Map<String, Boolean> trained = trainAndCompare(FineTuning.topK(1), 3);
        assertEquals(16 + 2, onlyTrue(trained).size());
        onlyTrue(trained).keySet().forEach(name ->
                assertTrue(name.startsWith("encoder.layer.5.") || name.startsWith("classifier."), name));
    }

    @Test
    void gradualUnfreezingAddsOneLayerEveryNStepsFromTheTopDown() throws Exception {
        FineTuning gradual = FineTuning.gradual(2, 2);
        assertEquals(List.of(0, 0, 1, 1, 2, 2, 2), java.util.stream.LongStream.range(0, 7)
                .mapToObj(gradual::trainedLayers).toList());
        assertEquals(gradual, FineTuning.parse(gradual.toString()));
        assertEquals(4, gradual.frozenLayers(6), "the prefix below the top 2 stays cacheable at every stage");
        try (Classifier c = TestModels.classifier(gradual, List.of("ham", "spam"));
                ClassifierTrainer trainer = new ClassifierTrainer(c, OptimizerSettings.defaults().withWarmupSteps(0))) {
            Map<String, float[]> start = snapshot(c);
            trainer.step(BATCH);
            trainer.step(BATCH);
            Map<String, float[]> afterHead = snapshot(c);
            trainer.step(BATCH);
            trainer.step(BATCH);
            Map<String, float[]> afterTop = snapshot(c);
            trainer.step(BATCH);
            Map<String, float[]> afterTwo = snapshot(c);
            for (String name : start.keySet()) {
                boolean head = name.startsWith("classifier.");
                boolean top = name.startsWith("encoder.layer.5.");
                boolean second = name.startsWith("encoder.layer.4.");
                assertEquals(head, !java.util.Arrays.equals(start.get(name), afterHead.get(name)),
                        name + " in the first 2 steps (head only)");
                assertEquals(head || top, !java.util.Arrays.equals(afterHead.get(name), afterTop.get(name)),
                        name + " in steps 3-4 (head and layer 5)");
                assertEquals(head || top || second, !java.util.Arrays.equals(afterTop.get(name), afterTwo.get(name)),
                        name + " in step 5 (head and layers 4-5)");
            }
        }
    }

    @Test
    void fullModeTrainsEverything() throws Exception {
        Map<String, Boolean> trained = trainAndCompare(FineTuning.full(), 1);
        assertEquals(trained.size(), onlyTrue(trained).size());
    }

    /** name → whether it changed; asserts the changed ones are exactly the trainable ones. */
    private static Map<String, Boolean> trainAndCompare(FineTuning mode, int steps) throws Exception {
        try (Classifier c = TestModels.classifier(mode, List.of("ham", "spam"));
                ClassifierTrainer trainer = new ClassifierTrainer(c, OptimizerSettings.defaults().withWarmupSteps(0))) {
            Map<String, float[]> before = snapshot(c);
            float first = Float.NaN;
            float last = Float.NaN;
            for (int i = 0; i < steps; i++) {
                StepResult r = trainer.step(BATCH);
                first = i == 0 ? r.loss() : first;
                last = r.loss();
            }
            Map<String, Boolean> changed = new HashMap<>();
            for (Map.Entry<String, Parameter> e : c.training().parameters().entrySet()) {
                float[] now = e.getValue().getArray().toFloatArray();
                boolean moved = !java.util.Arrays.equals(before.get(e.getKey()), now);
                boolean trainable = c.training().trainableParameters().containsKey(e.getKey());
                if (trainable) {
                    assertTrue(moved, e.getKey() + " is trainable but did not change");
                } else {
                    assertArrayEquals(before.get(e.getKey()), now, e.getKey() + " is frozen but changed");
                }
                changed.put(e.getKey(), moved);
            }
            if (steps > 1) {
                assertTrue(last < first, "loss should fall on a repeated batch: " + first + " -> " + last);
            }
            assertFalse(changed.isEmpty());
            return changed;
        }
    }

    private static Map<String, float[]> snapshot(Classifier c) {
        Map<String, float[]> out = new HashMap<>();
        c.training().parameters().forEach((name, p) -> out.put(name, p.getArray().toFloatArray()));
        return out;
    }

    private static Map<String, Boolean> onlyTrue(Map<String, Boolean> m) {
        Map<String, Boolean> out = new HashMap<>();
        m.forEach((k, v) -> {
            if (v) {
                out.put(k, true);
            }
        });
        return out;
    }
}
