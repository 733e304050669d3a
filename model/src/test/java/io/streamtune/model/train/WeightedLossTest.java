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
            double mse1 = ((0.5 - 1) * (0.5 - 1) + 0.5 * 0.5) / 2;
            double expected = (ce0 + 0.5 * ce1 + 0.3 * mse1) / 2;
            assertEquals(expected, loss, 1e-5);
        }
    }
}
