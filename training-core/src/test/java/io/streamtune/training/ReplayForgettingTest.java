package io.streamtune.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.training.djl.ClassifierLearnerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning quality with the real encoder (MiniLM, head mode, 32 tokens, fixed seeds): a class-incremental stream,
 * phase 1 football/tennis then phase 2 basketball/golf. Naive fine-tuning forgets phase 1; reservoir replay and DER++
 * (plain cross-entropy) must at least halve that forgetting, and reservoir replay with ER-ACE's asymmetric loss (the
 * trainer's default) cut it at least four times. Forgetting = accuracy on the phase-1 test set right after phase 1 minus after
 * phase 2 (Chaudhry et al.), predictions over all labels the head has.
 */
class ReplayForgettingTest {

    static final String MODEL = "topics";
    static final int TRAIN_PER_LABEL = 64;
    static final int TEST_PER_LABEL = 30;
    /** Phase 2 is streamed twice: long enough for the new classes to take over when nothing is replayed. */
    static final int PHASE2_EPOCHS = 2;
    static final double LR = 2e-2;

    @TempDir
    static Path dir;
    static ClassifierLearnerFactory learners;
    static List<LabelledExample> phase1;
    static List<LabelledExample> phase2;
    static List<LabelledExample> test1;
    static List<byte[]> test1Features;

    @BeforeAll
    static void data() throws IOException {
        learners = new ClassifierLearnerFactory(TrainerOptions.defaults(List.of(MODEL), dir).withDevice("cpu"));
        phase1 = SyntheticTopics.examples(MODEL, List.of("football", "tennis"), TRAIN_PER_LABEL, "p1", 1);
        phase2 = SyntheticTopics.examples(MODEL, List.of("basketball", "golf"), TRAIN_PER_LABEL, "p2", 2);
        test1 = SyntheticTopics.examples(MODEL, List.of("football", "tennis"), TEST_PER_LABEL, "t1", 3);
        try (Learner l = learners.create(spec(ReplayStrategy.NONE), spec(ReplayStrategy.NONE).training(),
                List.of("football", "tennis"))) {
            test1Features = l.features(test1.stream().map(LabelledExample::text).toList());
        }
    }

    @Test
    void replayAtLeastHalvesTheForgettingOfNaiveFineTuning() throws IOException {
        Map<String, double[]> results = new LinkedHashMap<>();
        for (ReplayStrategy s : List.of(ReplayStrategy.NONE, ReplayStrategy.RESERVOIR, ReplayStrategy.DER_PP)) {
            results.put(s.wire(), run(s, false));
        }
        results.put("reservoir + er-ace", run(ReplayStrategy.RESERVOIR, true));
        System.out.println("forgetting on a class-incremental stream (MiniLM head mode, 32 tokens, batch 16, head lr "
                + LR + ", replay 1:1, capacity 100, DER++ alpha = beta = 0.5, seed 42; " + 2 * TRAIN_PER_LABEL
                + " phase-1 examples, " + 2 * TRAIN_PER_LABEL + " x " + PHASE2_EPOCHS + " phase-2):");
        results.forEach((s, r) -> System.out.printf("  %-18s phase-1 accuracy %.3f after phase 1, %.3f after phase 2:"
                + " forgetting %.3f%n", s, r[0], r[1], r[0] - r[1]));
        double naive = forgetting(results.get("none"));
        assertThat(results.get("none")[0]).as("phase 1 is learnt").isGreaterThan(0.9);
        assertThat(naive).as("naive fine-tuning forgets").isGreaterThan(0.3);
        assertThat(forgetting(results.get("reservoir"))).isLessThanOrEqualTo(naive / 2);
        assertThat(forgetting(results.get("der++"))).isLessThanOrEqualTo(naive / 2);
        assertThat(forgetting(results.get("reservoir + er-ace"))).isLessThanOrEqualTo(naive / 4);
    }

    private static double forgetting(double[] r) {
        return r[0] - r[1];
    }

    /** Phase-1 test accuracy after phase 1 and after phase 2. */
    private double[] run(ReplayStrategy strategy, boolean asymmetricLoss) throws IOException {
        ModelSpec spec = spec(strategy);
        ModelTrainer t = new ModelTrainer(spec, TrainerOptions.defaults(List.of(MODEL),
                        dir.resolve(strategy.name() + (asymmetricLoss ? "-ace" : "")))
                .withDevice("cpu").withAsymmetricLoss(asymmetricLoss), learners, null, new ExampleQueue(() -> { }), DeadLetterSink.NONE,
                CheckpointAnnouncer.NONE, TrainingListener.NONE);
        try {
            t.open();
            long[] offset = {0};
            feed(t, phase1, offset);
            double after1 = accuracy(t.learner());
            for (int epoch = 0; epoch < PHASE2_EPOCHS; epoch++) {
                // each pass as new examples: the trainer skips an id it trained already (de-duplication)
                int pass = epoch;
                feed(t, phase2.stream().map(e -> pass == 0 ? e : new LabelledExample(e.eventId(), e.schemaVersion(),
                        e.occurredAt(), e.id() + "-pass" + pass, e.model(), e.text(), e.label(), e.source(),
                        e.eventTime(), e.metadata())).toList(), offset);
            }
            double after2 = accuracy(t.learner());
            return new double[] {after1, after2};
        } finally {
            t.close();
        }
    }

    private static void feed(ModelTrainer t, List<LabelledExample> examples, long[] offset) {
        for (int i = 0; i < examples.size(); i += 16) {
            List<Incoming> batch = new ArrayList<>();
            for (LabelledExample e : examples.subList(i, Math.min(i + 16, examples.size()))) {
                batch.add(Incoming.example(0, offset[0]++, System.nanoTime(), e));
            }
            t.train(batch);
        }
    }

    private static double accuracy(Learner learner) {
        float[][] logits = learner.predictFeatures(test1Features);
        int right = 0;
        for (int i = 0; i < logits.length; i++) {
            int best = 0;
            for (int k = 1; k < logits[i].length; k++) {
                if (logits[i][k] > logits[i][best]) {
                    best = k;
                }
            }
            if (learner.labels().get(best).equals(test1.get(i).label())) {
                right++;
            }
        }
        return right / (double) logits.length;
    }

    private static ModelSpec spec(ReplayStrategy replay) {
        TrainingSettings s = new TrainingSettings(FineTuneMode.HEAD, 0, 16, 0, 0, LR, 1, 32, 1, replay, 100, 1.0,
                1.0, 0, 0);
        return new ModelSpec(null, 0, null, MODEL, LabelSet.open("football", "tennis"), null, 0, 0, 0, s, null);
    }
}
