package io.streamtune.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.streamtune.model.ModelRuntime;
import io.streamtune.model.classifier.ClassifierHead;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bias correction counted per head row from the row's creation, and kept across a save and restore. */
class AdamWTest {

    private static final float LR = 0.01f;
    /** No clipping: growing the head would change the global norm, and with it the old rows' gradients. */
    private static final OptimizerSettings SETTINGS = OptimizerSettings.defaults().withWarmupSteps(0).withClipNorm(0);

    @Test
    void aHeadRowAddedLateTakesTheFirstStepOfAFreshAdam() {
        try (NDManager m = ModelRuntime.engine().newBaseManager()) {
            AdamW adam = new AdamW(SETTINGS, m.newSubManager());
            Parameter bias = parameter(m.zeros(new Shape(2)));
            for (int i = 0; i < 2000; i++) {
                step(adam, bias, m);
            }
            // a label is added: the head grows by a zero row
            float[] before = bias.getArray().toFloatArray();
            Parameter grown = parameter(m.create(new float[] {before[0], before[1], 0f}));
            step(adam, grown, m);
            float[] after = grown.getArray().toFloatArray();
            // a fresh Adam's first step moves by lr·g/|g| (= lr here); the global count (t = 2001) would give ~2.9·lr
            assertEquals(-LR, after[2], 1e-6);
            assertEquals(1, adam.rowUpdates(2));
            assertEquals(2001, adam.rowUpdates(0));
            assertEquals(1, adam.headAge(), "the newest row's age re-warms the schedule");
            // the old rows step on as if nothing had been added (their own count, 2001)
            float[] old = ungrownReference(2001);
            assertEquals(old[0], after[0], 1e-6);
            assertEquals(old[1], after[1], 1e-6);
        }
    }

    @Test
    void theRowCountsSurviveSaveAndRestore() {
        try (NDManager m = ModelRuntime.engine().newBaseManager()) {
            AdamW adam = new AdamW(SETTINGS, m.newSubManager());
            Parameter bias = parameter(m.zeros(new Shape(2)));
            for (int i = 0; i < 5; i++) {
                step(adam, bias, m);
            }
            Parameter grown = parameter(m.create(new float[] {bias.getArray().getFloat(0), bias.getArray().getFloat(1),
                    0f}));
            step(adam, grown, m);
            AdamW restored = new AdamW(SETTINGS, m.newSubManager());
            restored.restore(adam.state(), adam.steps());
            Parameter copy = parameter(grown.getArray().duplicate());
            step(adam, grown, m);
            step(restored, copy, m);
            assertArrayEquals(grown.getArray().toFloatArray(), copy.getArray().toFloatArray(), 0f);
            assertEquals(2, restored.rowUpdates(2));
        }
    }

    private static float[] ungrownReference(int steps) {
        try (NDManager m = ModelRuntime.engine().newBaseManager()) {
            AdamW adam = new AdamW(SETTINGS, m.newSubManager());
            Parameter bias = parameter(m.zeros(new Shape(2)));
            for (int i = 0; i < steps; i++) {
                step(adam, bias, m);
            }
            return bias.getArray().toFloatArray();
        }
    }

    private static Parameter parameter(NDArray value) {
        Parameter p = Parameter.builder().setName(ClassifierHead.BIAS).setType(Parameter.Type.BIAS).optArray(value)
                .build();
        p.freeze(false);
        return p;
    }

    /** One update with the gradient of sum(p): 1 for every row. */
    private static void step(AdamW adam, Parameter p, NDManager m) {
        try (NDManager sub = m.newSubManager()) {
            try (GradientCollector gc = ModelRuntime.engine().newGradientCollector()) {
                gc.backward(p.getArray().sum());
            }
            ModelRuntime.noGradOnThisThread();
            adam.update(Map.of(ClassifierHead.BIAS, p), Map.of(ClassifierHead.BIAS, LR), sub);
        }
    }
}
