package io.streamtune.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.training.djl.ClassifierLearnerFactory;
import io.streamtune.training.replay.DerBuffer;
import io.streamtune.training.replay.ReplayBuffer;
import io.streamtune.training.replay.ReplayItem;
import io.streamtune.training.replay.ReservoirBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a step is composed on skewed streams: balanced replay, ER-ACE only for new labels, DER++ as published. */
class StepComposerTest {

    private static final TrainerOptions OPTIONS = TrainerOptions.defaults(List.of("m"), Path.of("unused"))
            .withAsymmetricLoss(true);

    @TempDir
    Path dir;

    @Test
    void aOneLabelBatchTrainsAgainstTheOtherLabelsWithTheFullSoftmax() {
        ReplayBuffer buffer = new ReservoirBuffer(100, 1.0, 3);
        fill(buffer, Map.of("ham", 30, "spam", 6, "eggs", 4));
        TinyLearner learner = new TinyLearner(List.of("ham", "spam", "eggs"), 0.1f);
        StepComposer.Step step = composer(ReplayStrategy.RESERVOIR).compose(batch("ham", 8), buffer, learner);

        assertThat(step.asymmetric()).as("a masked one-label loss would be exactly zero").isFalse();
        assertThat(step.rows()).hasSize(16).noneMatch(TrainingRow::batchLabelsOnly);
        Map<Integer, Integer> replayed = new HashMap<>();
        Map<Integer, Double> weight = new HashMap<>();
        for (int i = 0; i < step.rows().size(); i++) {
            TrainingRow r = step.rows().get(i);
            if (i >= 8) {
                replayed.merge(r.label(), 1, Integer::sum);
            }
            weight.merge(r.label(), (double) r.labelWeight(), Double::sum);
        }
        assertThat(replayed).as("the labels absent from the batch are replayed first").isEqualTo(Map.of(1, 4, 2, 4));
        assertThat(step.rows().subList(0, 8)).as("the batch's new examples").noneMatch(TrainingRow::replayed);
        assertThat(step.rows().subList(8, 16)).as("the buffer's").allMatch(TrainingRow::replayed);
        // every label weighs the same in the step: 8 ham rows as much as 4 spam rows
        assertThat(weight.values()).allSatisfy(w -> assertThat(w).isCloseTo(16.0 / 3, org.assertj.core.data.Offset
                .offset(1e-4)));
    }

    @Test
    void erAceOnlyWhenALabelNewToTheModelArrivesWithOthers() {
        ReplayBuffer buffer = new ReservoirBuffer(100, 1.0, 3);
        fill(buffer, Map.of("a", 20, "b", 20));
        StepComposer composer = composer(ReplayStrategy.RESERVOIR);
        assertThat(composer.compose(mixed("a", "b"), buffer, new TinyLearner(List.of("a", "b"), 0.1f)).asymmetric())
                .as("known, well-represented labels").isFalse();
        TinyLearner learner = new TinyLearner(List.of("a", "b"), 0.1f);
        StepComposer.Step step = composer.compose(mixed("c", "d"), buffer, learner);
        assertThat(step.asymmetric()).as("two new labels").isTrue();
        assertThat(learner.labels()).containsExactly("a", "b", "c", "d");
        assertThat(step.rows().subList(0, 8)).allMatch(TrainingRow::batchLabelsOnly);
        assertThat(step.rows().subList(8, step.rows().size())).noneMatch(TrainingRow::batchLabelsOnly);
        assertThat(composer.compose(batch("e", 8), buffer, learner).asymmetric()).as("a new label alone").isFalse();
        // c is known now but holds 1 of 41 slots, under half its fair share: still new to the model
        buffer.offer(new ReplayItem("c-1", "c", "app", "c text", null, null));
        assertThat(composer.compose(mixed("c", "a"), buffer, learner).asymmetric()).isTrue();
        assertThat(composer(ReplayStrategy.NONE).compose(mixed("f", "g"), new ReservoirBuffer(10, 1.0, 1), learner)
                .asymmetric()).as("ACE needs replay to speak for the old labels").isFalse();
    }

    @Test
    void derPlusPlusDistilsAnIndependentSampleOfSettledTargets() {
        DerBuffer buffer = new DerBuffer(100, 1.0, 3);
        for (int i = 0; i < 40; i++) {
            float[] logits = i % 2 == 0 ? new float[] {1f, -1f} : null;
            buffer.offer(new ReplayItem("x" + i, i % 4 < 2 ? "a" : "b", "app", "text " + i, null, logits));
        }
        StepComposer composer = composer(ReplayStrategy.DER_PP);
        TinyLearner learner = new TinyLearner(List.of("a", "b"), 0.1f);
        StepComposer.Step step = composer.compose(mixed("a", "b"), buffer, learner);
        List<TrainingRow> labelled = step.rows().subList(0, 16);
        List<TrainingRow> distilled = step.rows().subList(16, step.rows().size());
        assertThat(distilled).hasSize(8).allSatisfy(r -> {
            assertThat(r.targetLogits()).isNotNull();
            assertThat(r.labelWeight()).isZero();
            assertThat(r.logitWeight()).isCloseTo((float) (OPTIONS.derAlpha() * 24 / 8), org.assertj.core.data.Offset
                    .offset(1e-6f));
        });
        assertThat(labelled).allSatisfy(r -> assertThat(r.targetLogits()).isNull());
        // beta = 1: the new rows' mean and the replayed rows' mean are summed
        double ce = labelled.stream().mapToDouble(TrainingRow::labelWeight).sum();
        assertThat(ce / step.rows().size()).isCloseTo(1 + OPTIONS.derBeta(), org.assertj.core.data.Offset.offset(1e-4));
        // no target during warm-up (20 steps by default) or while the label's head row is new
        float[] logits = {0.5f, -0.5f};
        assertThat(composer.target(logits, 0, learner, 3)).isNull();
        assertThat(composer.target(logits, 0, learner, 25)).isSameAs(logits);
        Learner young = new DelegatingLearner(learner) {
            @Override
            public long labelUpdates(int index) {
                return StepComposer.SETTLED_ROW_UPDATES - 1;
            }
        };
        assertThat(composer.target(logits, 0, young, 25)).isNull();
    }

    @Test
    void aOneLabelStepCanHoldTheRememberedLogitsHarder() {
        DerBuffer buffer = new DerBuffer(100, 1.0, 3);
        for (int i = 0; i < 40; i++) {
            buffer.offer(new ReplayItem("x" + i, i % 2 == 0 ? "a" : "b", "app", "text " + i, null,
                    new float[] {1f, -1f}));
        }
        TrainingSettings settings = TrainingSettings.defaults().withReplay(ReplayStrategy.DER_PP, 100);
        StepComposer composer = new StepComposer(settings, OPTIONS.withOneLabelDerAlpha(1.0)
                .withOneLabelAlphaOnOthers(false));
        TinyLearner learner = new TinyLearner(List.of("a", "b"), 0.1f);
        // 8 new rows of one label, 8 replayed, 8 distilled: alpha 1.0 instead of 0.2 on the distilled rows
        StepComposer.Step oneLabel = composer.compose(batch("a", 8), buffer, learner);
        assertThat(oneLabel.rows().subList(16, 24)).allSatisfy(r -> assertThat(r.logitWeight())
                .isCloseTo(1.0f * 24 / 8, org.assertj.core.data.Offset.offset(1e-6f)));
        // a step of two labels keeps der-alpha
        StepComposer.Step twoLabels = composer.compose(mixed("a", "b"), buffer, learner);
        assertThat(twoLabels.rows().subList(16, 24)).allSatisfy(r -> assertThat(r.logitWeight())
                .isCloseTo((float) (OPTIONS.derAlpha() * 24 / 8), org.assertj.core.data.Offset.offset(1e-6f)));
        // a known label whose head row is still young (a class-incremental task's own class) keeps der-alpha
        Learner young = new DelegatingLearner(learner) {
            @Override
            public long labelUpdates(int index) {
                return StepComposer.MATURE_ROW_UPDATES - 1;
            }
        };
        assertThat(composer.compose(batch("a", 8), buffer, young).rows().subList(16, 24)).allSatisfy(r -> assertThat(
                r.logitWeight()).isCloseTo((float) (OPTIONS.derAlpha() * 24 / 8),
                org.assertj.core.data.Offset.offset(1e-6f)));
        // a label new to the model arriving alone is learnt at the usual alpha
        StepComposer.Step newLabel = composer.compose(batch("c", 8), buffer, learner);
        assertThat(newLabel.rows().subList(16, 24)).allSatisfy(r -> assertThat(r.logitWeight())
                .isCloseTo((float) (OPTIONS.derAlpha() * 24 / 8), org.assertj.core.data.Offset.offset(1e-6f)));
        // on others only: the stretch's own label's remembered logits keep der-alpha, the other labels' are held
        StepComposer onOthers = new StepComposer(settings, OPTIONS.withOneLabelDerAlpha(1.0)
                .withOneLabelAlphaOnOthers(true));
        StepComposer.Step others = onOthers.compose(batch("a", 8), buffer, learner);
        List<TrainingRow> distilled = others.rows().subList(16, 24);
        assertThat(distilled).extracting(TrainingRow::label).contains(0, 1);
        assertThat(distilled).allSatisfy(r -> assertThat(r.logitWeight()).isCloseTo(
                (float) ((r.label() == 0 ? OPTIONS.derAlpha() : 1.0) * 24 / 8), org.assertj.core.data.Offset.offset(1e-6f)));
        assertThat(OPTIONS.derAlpha(1)).isEqualTo(3.0); // the default, chosen on validation
        assertThat(OPTIONS.oneLabelAlphaOnOthers()).isTrue(); // the default, chosen on validation
        assertThat(OPTIONS.withOneLabelDerAlpha(0).derAlpha(1)).isEqualTo(OPTIONS.derAlpha()); // 0 turns it off
    }

    /**
     * The real encoder (MiniLM, head mode): after a mixed start, a step of one label only has a non-zero gradient on
     * its new rows (ER-ACE's masked loss would have none) and lowers their loss, while the replayed other label keeps
     * its own.
     */
    @Test
    void aOneLabelStepLowersTheLossOfItsNewRowsOnTheRealEncoder() throws Exception {
        TrainingSettings s = new TrainingSettings(FineTuneMode.HEAD, 0, 8, 0, 0, 1e-2, 1, 32, 1,
                ReplayStrategy.RESERVOIR, 100, 1.0, 1.0, 0, 0);
        ModelSpec spec = new ModelSpec(null, 0, null, "topics", LabelSet.closed("football", "tennis"), null, 0, 0, 0,
                s, null);
        ClassifierLearnerFactory factory = new ClassifierLearnerFactory(
                TrainerOptions.defaults(List.of("topics"), dir).withDevice("cpu"));
        ModelTrainer trainer = new ModelTrainer(spec, TrainerOptions.defaults(List.of("topics"), dir)
                .withDevice("cpu"), factory, null, new ExampleQueue(() -> { }), DeadLetterSink.NONE,
                CheckpointAnnouncer.NONE, TrainingListener.NONE);
        try {
            trainer.open();
            List<LabelledExample> start = SyntheticTopics.examples("topics", List.of("football", "tennis"), 16, "s", 1);
            List<Incoming> in = new ArrayList<>();
            for (int i = 0; i < start.size(); i++) {
                in.add(Incoming.example(0, i, 0, start.get(i)));
            }
            trainer.train(in.subList(0, 16));
            trainer.train(in.subList(16, 32));
            List<LabelledExample> football = SyntheticTopics.examples("topics", List.of("football"), 8, "f", 2);
            List<Incoming> oneLabel = new ArrayList<>();
            for (int i = 0; i < football.size(); i++) {
                oneLabel.add(Incoming.example(0, 100 + i, 0, football.get(i)));
            }
            StepComposer.Step step = new StepComposer(trainer.settings(), TrainerOptions.defaults(List.of("topics"),
                    dir)).compose(oneLabel, trainer.buffer(), trainer.learner());
            assertThat(step.rows().subList(8, 16)).extracting(TrainingRow::label).containsOnly(1);
            List<String> texts = football.stream().map(LabelledExample::text).toList();
            double before = crossEntropy(trainer.learner().predict(texts), 0);
            StepOutcome outcome = trainer.learner().step(step.rows());
            double after = crossEntropy(trainer.learner().predict(texts), 0);
            assertThat(outcome.applied()).isTrue();
            assertThat(after).as("the one-label step moved its rows towards their label").isLessThan(before - 1e-3);
        } finally {
            trainer.close();
        }
    }

    private static double crossEntropy(float[][] logits, int label) {
        double sum = 0;
        for (float[] z : logits) {
            double max = Math.max(z[0], z[1]);
            double log = max + Math.log(Math.exp(z[0] - max) + Math.exp(z[1] - max));
            sum += log - z[label];
        }
        return sum / logits.length;
    }

    private StepComposer composer(ReplayStrategy replay) {
        TrainingSettings settings = TrainingSettings.defaults().withReplay(replay, 100);
        return new StepComposer(settings, OPTIONS);
    }

    private static void fill(ReplayBuffer buffer, Map<String, Integer> perLabel) {
        perLabel.forEach((label, n) -> {
            for (int i = 0; i < n; i++) {
                buffer.offer(new ReplayItem(label + "-" + i, label, "app", label + " text " + i, null, null));
            }
        });
    }

    private static List<Incoming> batch(String label, int n) {
        List<Incoming> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Incoming.example(0, i, 0, new LabelledExample(null, 0, null, label + "-new-" + i, "m",
                    label + " news " + i, label, "app", Instant.EPOCH, null)));
        }
        return out;
    }

    private static List<Incoming> mixed(String a, String b) {
        List<Incoming> out = new ArrayList<>(batch(a, 4));
        out.addAll(batch(b, 4));
        return out;
    }
}
