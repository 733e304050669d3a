package io.streamtune.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.streamtune.model.ModelRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DER++-ready loss against a hand computation. */
class WeightedLossTest {

    @Test
    void crossEntropyPlusLogitMatchingOverTheStoredLabels() {
        try (NDManager m = ModelRuntime.engine().newBaseManager()) {
            float[] l = {2f, 0f, -1f, 0.5f, 0.5f, 3f};
            NDArray logits = m.create(l, new Shape(2, 3));
            var batch = List.of(
                    TrainingExample.of("new", 0),
                    TrainingExample.of("replayed", 2).withLabelWeight(0.5f)
                            .withTargetLogits(new float[] {1f, 0f}, 0.3f));
            float loss = WeightedLoss.INSTANCE.compute(logits, batch).getFloat();
            double ce0 = -Math.log(Math.exp(2) / (Math.exp(2) + 1 + Math.exp(-1)));
            double ce1 = -Math.log(Math.exp(3) / (2 * Math.exp(0.5) + Math.exp(3)));
            // over today's 3 labels: the 2 stored ones matched, the later one hinged at the stored minimum (0)
            double mse1 = ((0.5 - 1) * (0.5 - 1) + 0.5 * 0.5 + 3 * 3) / 3;
            double expected = (ce0 + 0.5 * ce1 + 0.3 * mse1) / 2;
            assertEquals(expected, loss, 1e-5);
        }
    }

    @Test
    void derTargetsHoldLaterLabelsBelowTheStoredMinimumOnly() {
        try (NDManager m = ModelRuntime.engine().newBaseManager()) {
            // stored with 2 labels [1, -2]; today 4: label 2 is under the floor (-3 < -2), label 3 over it (0.5 > -2)
            NDArray logits = m.create(new float[] {1f, -2f, -3f, 0.5f}, new Shape(1, 4));
            logits.setRequiresGradient(true);
            var batch = List.of(TrainingExample.of("replayed", 0).withLabelWeight(0f)
                    .withTargetLogits(new float[] {1f, -2f}, 0.4f));
            float loss;
            try (ai.djl.training.GradientCollector gc = ModelRuntime.engine().newGradientCollector()) {
                NDArray value = WeightedLoss.INSTANCE.compute(logits, batch);
                loss = value.getFloat();
                gc.backward(value);
            }
            float[] grad = logits.getGradient().toFloatArray();
            assertEquals(0.4 * (2.5 * 2.5) / 4, loss, 1e-5);
            assertEquals(0f, grad[0], 0f);
            assertEquals(0f, grad[1], 0f);
            assertEquals(0f, grad[2], 0f);
            assertEquals(0.4 * 2 * 2.5 / 4, grad[3], 1e-5);
        }
    }

    @Test
    void erAceNewExamplesCompeteOnlyAmongTheirBatchLabels() {
        try (NDManager m = ModelRuntime.engine().newBaseManager()) {
            // 4 labels; the new examples (flagged) carry labels 2 and 3, the replayed one label 0 (full softmax)
            float[] l = {1f, 2f, 0.5f, -1f, 3f, 0f, 1f, 2f, 0.2f, 0.1f, -0.3f, 0.4f};
            NDArray logits = m.create(l, new Shape(3, 4));
            logits.setRequiresGradient(true);
            var batch = List.of(
                    TrainingExample.of("new a", 2).withBatchLabelsOnly(true),
                    TrainingExample.of("new b", 3).withBatchLabelsOnly(true),
                    TrainingExample.of("replayed", 0));
            float loss;
            float[] grad;
            try (ai.djl.training.GradientCollector gc = ModelRuntime.engine().newGradientCollector()) {
                NDArray value = WeightedLoss.INSTANCE.compute(logits, batch);
                loss = value.getFloat();
                gc.backward(value);
            }
            grad = logits.getGradient().toFloatArray();
            double ce0 = -Math.log(Math.exp(0.5) / (Math.exp(0.5) + Math.exp(-1)));
            double ce1 = -Math.log(Math.exp(2) / (Math.exp(1) + Math.exp(2)));
            double ce2 = -Math.log(Math.exp(0.2) / (Math.exp(0.2) + Math.exp(0.1) + Math.exp(-0.3) + Math.exp(0.4)));
            assertEquals((ce0 + ce1 + ce2) / 3, loss, 1e-5);
            // the old labels' logits get no gradient from the new examples: nothing pushes the old classes down
            for (int row = 0; row < 2; row++) {
                assertEquals(0f, grad[row * 4], 0f);
                assertEquals(0f, grad[row * 4 + 1], 0f);
            }
            // the replayed example still pushes every other label down
            for (int j = 1; j < 4; j++) {
                org.junit.jupiter.api.Assertions.assertTrue(grad[8 + j] > 0, "replayed row, label " + j);
            }
        }
    }

    @Test
    void withoutTheFlagTheLossIsUnchanged() {
        try (NDManager m = ModelRuntime.engine().newBaseManager()) {
            NDArray logits = m.create(new float[] {1f, 2f, 0.5f, -1f}, new Shape(1, 4));
            float plain = WeightedLoss.INSTANCE.compute(logits, List.of(TrainingExample.of("x", 2))).getFloat();
            double ce = -Math.log(Math.exp(0.5) / (Math.exp(1) + Math.exp(2) + Math.exp(0.5) + Math.exp(-1)));
            assertEquals(ce, plain, 1e-5);
        }
    }
}
