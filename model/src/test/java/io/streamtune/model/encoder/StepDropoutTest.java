package io.streamtune.model.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.streamtune.model.ModelRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StepDropoutTest {

    @AfterEach
    void clear() {
        StepDropout.clear();
    }

    @Test
    void aSeedGivesTheSameMasksKeepingTheRightShareScaledUp() {
        ModelRuntime.init();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(400, 500));
            StepDropout.seed(7);
            float[] a = StepDropout.apply(x, 0.1f).toFloatArray();
            float[] a2 = StepDropout.apply(x, 0.1f).toFloatArray();
            StepDropout.seed(7);
            float[] b = StepDropout.apply(x, 0.1f).toFloatArray();
            StepDropout.seed(8);
            float[] c = StepDropout.apply(x, 0.1f).toFloatArray();

            assertArrayEquals(a, b, 0f); // the same seed: the same masks (a resumed step repeats its dropout)
            assertFalse(java.util.Arrays.equals(a, a2)); // the next call in a step draws new ones
            assertFalse(java.util.Arrays.equals(a, c));
            int kept = 0;
            for (float v : a) {
                if (v != 0f) {
                    assertEquals(1f / 0.9f, v, 1e-6f);
                    kept++;
                }
            }
            // 200,000 draws at 0.9: the share is within 0.005 of it (over 7 standard deviations)
            assertEquals(0.9, kept / (double) a.length, 0.005);
        }
    }

    @Test
    void theGradientIsTheMaskScaledUp() {
        ModelRuntime.init();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(64, 32));
            x.setRequiresGradient(true);
            StepDropout.seed(3);
            float[] y;
            try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
                NDArray out = StepDropout.apply(x.mul(2f), 0.25f);
                y = out.toFloatArray();
                g.backward(out.sum());
            }
            float[] grad = x.getGradient().toFloatArray();
            for (int i = 0; i < y.length; i++) {
                // y = 2x * mask / 0.75, so dy/dx = 2 * mask / 0.75 = y / x with x = 1
                assertEquals(y[i], grad[i], 1e-6f);
            }
        }
    }

    @Test
    void withoutASeedItIsLibtorchsDropout() {
        ModelRuntime.init();
        try (NDManager m = NDManager.newBaseManager()) {
            float[] out = StepDropout.apply(m.ones(new Shape(1000)), 0.5f).toFloatArray();
            for (float v : out) {
                assertEquals(0f, v * (v - 2f), 1e-6f); // 0 or 2
            }
        }
    }
}
