package io.streamtune.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.model.TestModels;
import io.streamtune.model.bench.Corpus;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.ClassifierConfig;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.model.train.ClassifierTrainer;
import io.streamtune.model.train.OptimizerSettings;
import io.streamtune.model.train.TrainingExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint rounds AdamW's moments to 8-bit codes and the trainer goes on from the rounded values. How far that
 * moves training: the same 24 steps with a checkpoint every 4, against none, measured as the distance between the
 * tuned weights of the two runs relative to how far training moved them; the reference is a difference every real
 * stream has, two neighbouring micro-batches taken in the other order. The rounding must move the weights less than
 * that.
 */
class MomentRoundingTest {

    private static final int STEPS = 24;

    @TempDir
    Path tmp;

    @Test
    void checkpointRoundingMovesTrainingLessThanASwapOfTwoMicroBatches() throws Exception {
        Map<String, float[]> start = new LinkedHashMap<>();
        Map<String, float[]> plain = run(-1, false, start);
        Map<String, float[]> rounded = run(4, false, null);
        Map<String, float[]> swapped = run(-1, true, null);
        double moved = distance(plain, start);
        double byRounding = distance(rounded, plain) / moved;
        double bySwap = distance(swapped, plain) / moved;
        System.out.printf("tuned weights moved %.4g by %d steps; a checkpoint every 4 steps moves them %.4g of that,"
                + " two micro-batches swapped %.4g%n", moved, STEPS, byRounding, bySwap);
        assertTrue(byRounding > 0, "the rounding changes something (else this test measures nothing)");
        assertTrue(byRounding < bySwap, byRounding + " vs " + bySwap);
    }

    private Map<String, float[]> run(int saveEvery, boolean swap, Map<String, float[]> start) throws Exception {
        ClassifierConfig config = TestModels.config(FineTuning.topK(2)).withDropout(0.1f);
        OptimizerSettings settings = OptimizerSettings.defaults().withWarmupSteps(3);
        try (Classifier c = Classifier.create(TestModels.miniLm(), List.of("ham", "spam"), config);
                ClassifierTrainer t = new ClassifierTrainer(c, settings)) {
            if (start != null) {
                start.putAll(weights(c));
            }
            for (int i = 0; i < STEPS; i++) {
                if (saveEvery > 0 && i > 0 && i % saveEvery == 0) {
                    CheckpointIO.save(t, tmp.resolve("ck-" + i));
                }
                int b = swap && i == 10 ? 11 : swap && i == 11 ? 10 : i;
                t.step(batch(b));
            }
            return weights(c);
        }
    }

    private static Map<String, float[]> weights(Classifier c) {
        Map<String, float[]> out = new LinkedHashMap<>();
        c.training().tunedParameters().forEach((name, p) -> out.put(name, p.getArray().toFloatArray()));
        return out;
    }

    private static double distance(Map<String, float[]> a, Map<String, float[]> b) {
        double sum = 0;
        for (Map.Entry<String, float[]> e : a.entrySet()) {
            float[] x = e.getValue();
            float[] y = b.get(e.getKey());
            for (int i = 0; i < x.length; i++) {
                double d = x[i] - y[i];
                sum += d * d;
            }
        }
        return Math.sqrt(sum);
    }

    private static List<TrainingExample> batch(int i) {
        List<String> texts = Corpus.sentences(8 * (i + 1));
        List<TrainingExample> out = new ArrayList<>();
        for (String text : texts.subList(8 * i, 8 * (i + 1))) {
            boolean spam = text.contains("free") || text.contains("offer") || text.contains("prince")
                    || text.contains("suspended") || text.contains("cart");
            out.add(TrainingExample.of(text + " #" + i, spam ? 1 : 0));
        }
        return out;
    }
}
