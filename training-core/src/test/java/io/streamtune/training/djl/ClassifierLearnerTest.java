package io.streamtune.training.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.model.encoder.HostTensor;
import io.streamtune.model.train.ClassifierTrainer;
import io.streamtune.training.StepOutcome;
import io.streamtune.training.TrainerOptions;
import io.streamtune.training.TrainingRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real learner (MiniLM, head mode, 16 tokens) on a non-finite loss: the batch is skipped for real, i.e. the
 * weights, the AdamW moments and the step count (warm-up, dropout seed) stay exactly as they were.
 */
class ClassifierLearnerTest {

    @TempDir
    Path dir;

    @Test
    void aNonFiniteLossLeavesWeightsAndOptimizerUntouched() throws Exception {
        TrainingSettings s = new TrainingSettings(FineTuneMode.HEAD, 0, 4, 0, 0, 1e-2, 1, 16, 1,
                ReplayStrategy.DER_PP, 0, 0, 0, 0, 0);
        ModelSpec spec = new ModelSpec(null, 0, null, "nan", LabelSet.closed("a", "b"), null, 0, 0, 0, s, null);
        ClassifierLearnerFactory factory = new ClassifierLearnerFactory(
                TrainerOptions.defaults(List.of("nan"), dir).withDevice("cpu"));
        try (ClassifierLearner learner = (ClassifierLearner) factory.create(spec, s, List.of("a", "b"))) {
            StepOutcome ok = learner.step(rows(Float.NaN, 0f));
            assertThat(ok.applied()).isTrue();
            ClassifierTrainer trainer = learner.trainer();
            long steps = trainer.steps();
            float[] weights = weights(trainer);
            float[] moments = moments(trainer);
            assertThat(moments).isNotEmpty();

            // a DER++ target logit that is NaN: the loss is NaN, the logits are fine
            StepOutcome skipped = learner.step(rows(Float.NaN, 1f));
            assertThat(skipped.applied()).isFalse();
            assertThat(skipped.poisoned()).as("finite logits: no rollback needed").isFalse();
            assertThat(trainer.steps()).isEqualTo(steps);
            assertThat(weights(trainer)).containsExactly(weights);
            assertThat(moments(trainer)).containsExactly(moments);

            // and the next good batch trains as usual
            StepOutcome next = learner.step(rows(0f, 1f));
            assertThat(next.applied()).isTrue();
            assertThat(Double.isFinite(next.loss())).isTrue();
            assertThat(trainer.steps()).isEqualTo(steps + 1);
            assertThat(weights(trainer)).hasSameSizeAs(weights).isNotEqualTo(weights);
        }
    }

    /** Weight imprinting: a new label's row starts where its first examples are, at the other rows' scale. */
    @Test
    void aNewLabelsRowIsImprintedFromItsFirstExamples() throws Exception {
        TrainingSettings s = new TrainingSettings(FineTuneMode.HEAD, 0, 4, 0, 0, 1e-2, 1, 16, 1,
                ReplayStrategy.RESERVOIR, 0, 0, 0, 0, 0);
        ModelSpec spec = new ModelSpec(null, 0, null, "grow", LabelSet.open("football", "tennis"), null, 0, 0, 0, s,
                null);
        ClassifierLearnerFactory factory = new ClassifierLearnerFactory(
                TrainerOptions.defaults(List.of("grow"), dir).withDevice("cpu"));
        try (ClassifierLearner learner = (ClassifierLearner) factory.create(spec, s, List.of("football", "tennis"))) {
            List<TrainingRow> old = List.of(
                    TrainingRow.text("the striker scored a header in the derby.", 0, 1f),
                    TrainingRow.text("the top seed served an ace in the third set.", 1, 1f));
            for (int i = 0; i < 5; i++) {
                learner.step(old);
            }
            List<TrainingRow> cooking = List.of(
                    TrainingRow.text("simmer the onions in butter until golden.", 2, 1f),
                    TrainingRow.text("knead the dough and let it rise overnight.", 2, 1f));
            float[][] before = learner.trainer().classifier().training().headRows();
            assertThat(learner.addLabel("cooking", cooking, old)).isEqualTo(2);

            float[][] rows = learner.trainer().classifier().training().headRows();
            double meanNorm = (norm(before[0]) + norm(before[1])) / 2;
            assertThat(norm(rows[2])).isCloseTo(meanNorm, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(rows[0]).containsExactly(before[0]);
            float[][] logits = learner.predict(List.of("simmer the onions in butter until golden.",
                    "bake the bread in a hot oven."));
            for (float[] z : logits) {
                assertThat(z[2]).as("the new class wins on cooking from the start").isGreaterThan(Math.max(z[0], z[1]));
            }
            float[][] sport = learner.predict(List.of("the striker scored a header in the derby."));
            assertThat(sport[0][2]).isLessThan(sport[0][0]);
        }
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static List<TrainingRow> rows(float target, float logitWeight) {
        List<TrainingRow> rows = new ArrayList<>();
        rows.add(TrainingRow.text("the striker scored a header in the derby.", 0, 1f));
        rows.add(TrainingRow.text("the top seed served an ace in the third set.", 1, 1f));
        rows.add(new TrainingRow("the captain missed an open goal in extra time.", null, 0, 1f,
                new float[] {target, 0f}, logitWeight));
        return rows;
    }

    private static float[] weights(ClassifierTrainer trainer) {
        Map<String, float[]> out = new TreeMap<>();
        trainer.classifier().training().trainableParameters()
                .forEach((name, p) -> out.put(name, HostTensor.of(p.getArray()).data()));
        return flat(out);
    }

    private static float[] moments(ClassifierTrainer trainer) {
        Map<String, float[]> out = new TreeMap<>();
        trainer.optimizer().state().forEach((name, t) -> out.put(name, t.data()));
        return flat(out);
    }

    private static float[] flat(Map<String, float[]> byName) {
        int n = byName.values().stream().mapToInt(a -> a.length).sum();
        float[] out = new float[n];
        int at = 0;
        for (float[] a : byName.values()) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }
}
