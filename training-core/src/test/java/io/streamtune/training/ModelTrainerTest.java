package io.streamtune.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's step logic without Kafka or S3: replay mixing, weights, skips, rollback, new labels. */
class ModelTrainerTest {

    @TempDir
    Path dir;

    private final List<List<TrainingRow>> steps = new ArrayList<>();
    private long offset;

    @Test
    void mixesAReplaySampleIntoEachStep() throws IOException {
        ModelTrainer t = trainer(ReplayStrategy.RESERVOIR, LabelSet.closed("a", "b"));
        t.train(batch(16, "a"));
        t.train(batch(16, "b"));
        assertThat(steps.get(0)).hasSize(16);
        assertThat(steps.get(1)).hasSize(32);
        assertThat(steps.get(1).subList(16, 32)).allSatisfy(r -> {
            assertThat(r.features()).isNotNull();
            assertThat(r.label()).isEqualTo(0);
            assertThat(r.labelWeight()).isEqualTo(1f);
        });
        assertThat(t.status().step()).isEqualTo(2);
        assertThat(t.status().examplesSeen()).isEqualTo(32);
        assertThat(t.buffer().size()).isEqualTo(32);
    }

    @Test
    void derPlusPlusStoresLogitsOnlyAfterWarmUpAndDistilsThemFromASecondSample() throws IOException {
        // the larger α of one-label steps (one-label-der-alpha) is StepComposerTest's: here every step weighs α
        ModelTrainer t = trainer(ReplayStrategy.DER_PP, LabelSet.closed("a", "b"), o -> o.withOneLabelDerAlpha(0));
        for (int i = 0; i < t.settings().warmupSteps(); i++) {
            t.train(batch(4, i % 2 == 0 ? "a" : "b"));
        }
        // logits of a model still warming up encode wrong predictions: those items serve the label term only
        assertThat(t.buffer().items()).allSatisfy(item -> assertThat(item.logits()).isNull());
        t.train(batch(4, "a"));
        assertThat(t.buffer().items().stream().filter(item -> item.logits() != null)).hasSize(4);
        steps.clear();
        t.train(batch(4, "b"));
        List<TrainingRow> rows = steps.get(0);
        assertThat(rows).hasSize(4 + 4 + 4);
        assertThat(rows.subList(0, 8)).allSatisfy(r -> assertThat(r.targetLogits()).isNull());
        assertThat(rows.subList(8, 12)).allSatisfy(r -> {
            assertThat(r.targetLogits()).hasSize(2);
            assertThat(r.labelWeight()).isZero();
            // α = 0.5 over the mean of the 4 distilled rows, in a loss divided by all 12 rows
            assertThat(r.logitWeight()).isEqualTo(0.5f * 12 / 4);
        });
    }

    @Test
    void asymmetricLossFlagsTheNewRowsOnlyWhenNewLabelsArriveTogetherWithReplay() throws IOException {
        ModelTrainer t = trainer(ReplayStrategy.RESERVOIR, LabelSet.open("a"), o -> o.withAsymmetricLoss(true));
        t.train(batch(8, "a"));
        List<Incoming> twoNew = batch(4, "b");
        twoNew.addAll(batch(4, "c"));
        t.train(twoNew);
        List<TrainingRow> rows = steps.get(1);
        assertThat(rows).hasSize(16);
        assertThat(rows.subList(0, 8)).allSatisfy(r -> assertThat(r.batchLabelsOnly()).isTrue());
        assertThat(rows.subList(8, 16)).allSatisfy(r -> assertThat(r.batchLabelsOnly()).isFalse());

        steps.clear();
        ModelTrainer plain = trainer(ReplayStrategy.NONE, LabelSet.open("a"), o -> o.withAsymmetricLoss(true));
        plain.train(batch(8, "a"));
        List<Incoming> again = batch(4, "b");
        again.addAll(batch(4, "c"));
        plain.train(again);
        // without replay nothing speaks for the other labels: ER-ACE's restriction would be meaningless
        assertThat(steps.get(1)).allSatisfy(r -> assertThat(r.batchLabelsOnly()).isFalse());
    }

    @Test
    void aNonFiniteLossSkipsTheBatchAndRepeatedOnesRollBack() throws IOException {
        ModelTrainer t = trainer(ReplayStrategy.RESERVOIR, LabelSet.closed("a", "b"));
        t.train(batch(4, "a"));
        float[] before = ((TinyLearner) ((Recording) t.learner()).inner).flatWeights();
        int buffered = t.buffer().size();
        t.train(poisonedBatch());
        assertThat(t.status().skippedBatches()).isEqualTo(1);
        assertThat(t.status().step()).isEqualTo(1);
        assertThat(t.buffer().size()).isEqualTo(buffered);
        assertThat(((TinyLearner) ((Recording) t.learner()).inner).flatWeights()).containsExactly(before);
        t.train(poisonedBatch());
        t.train(poisonedBatch());
        // three in a row: back to the last checkpoint, here the pretrained (zero) start
        assertThat(t.status().rollbacks()).isEqualTo(1);
        assertThat(t.status().step()).isZero();
        assertThat(t.buffer().size()).isZero();
        assertThat(((TinyLearner) ((Recording) t.learner()).inner).flatWeights()).containsOnly(0f);
        assertThat(t.status().positions()).containsEntry(0, offset);
    }

    @Test
    void aNewLabelInAnOpenSetGrowsTheHead() throws IOException {
        ModelTrainer t = trainer(ReplayStrategy.CLASS_BALANCED, LabelSet.open("a"));
        t.train(batch(4, "a"));
        t.train(batch(4, "c"));
        assertThat(t.learner().labels()).containsExactly("a", "c");
        assertThat(steps.get(1).get(0).label()).isEqualTo(1);
    }

    @Test
    void anOpenSetWithoutLabelsMakesItsLearnerAtTheFirstBatch() throws IOException {
        ModelTrainer t = trainer(ReplayStrategy.NONE, new LabelSet(true, List.of()));
        assertThat(t.learner()).isNull();
        t.train(batch(3, "x"));
        assertThat(t.learner().labels()).containsExactly("x");
        assertThat(steps.get(0)).hasSize(3);
    }

    @Test
    void aRecordOfAnIdTrainedAlreadyIsADuplicateWhetherInTheSameBatchOrALaterOne() throws IOException {
        ModelTrainer t = trainer(ReplayStrategy.NONE, LabelSet.closed("a", "b"));
        t.train(List.of(example("x", "a"), example("y", "b"), example("x", "b")));
        t.train(List.of(example("y", "b"), example("z", "a"), example("z", "a")));
        t.train(List.of(example("x", "a"), example("y", "a")));

        assertThat(steps).hasSize(2);
        assertThat(steps.get(0)).hasSize(2);
        assertThat(steps.get(1)).hasSize(1);
        Ledger ledger = t.pendingLedger();
        assertThat(ledger.trained()).extracting(Ledger.Entry::id).containsExactly("x", "y", "z");
        assertThat(ledger.duplicates()).extracting(Ledger.Entry::offset).containsExactly(2L, 3L, 5L, 6L, 7L);
        assertThat(ledger.duplicates()).extracting(Ledger.Entry::id).containsExactly("x", "y", "z", "x", "y");
        assertThat(t.status().duplicates()).isEqualTo(5);
        assertThat(t.status().examplesSeen()).isEqualTo(3);
        assertThat(t.status().positions()).containsEntry(0, 8L);
        assertThat(t.trainedIds()).containsExactly("x", "y", "z");
    }

    @Test
    void theWindowHoldsTheLastNTrainedIdsOnlyAndForgetsWhatARollbackUndid() throws IOException {
        ModelTrainer t = trainer(ReplayStrategy.NONE, LabelSet.closed("a", "b"), o -> o, s -> s.withDedupWindow(2));
        t.train(List.of(example("x", "a"), example("y", "b")));
        t.train(List.of(example("z", "a")));
        assertThat(t.trainedIds()).containsExactly("y", "z");
        t.train(List.of(example("x", "a"))); // out of the window: trained again
        assertThat(t.status().examplesSeen()).isEqualTo(4);
        assertThat(t.status().duplicates()).isZero();

        // a skipped step trained nothing, so its ids stay trainable
        t.train(List.of(Incoming.example(0, offset++, System.nanoTime(),
                LabelledExample.of("w", "tiny", "NaN! overflow", "a", "app"))));
        assertThat(t.status().skippedBatches()).isEqualTo(1);
        assertThat(t.trainedIds()).doesNotContain("w");
        t.train(List.of(example("w", "b")));
        assertThat(t.trainedIds()).containsExactly("x", "w");

        // a rollback to the base undoes every step since, and the window with them
        t.train(poisonedBatch());
        t.train(poisonedBatch());
        t.train(poisonedBatch());
        assertThat(t.status().rollbacks()).isEqualTo(1);
        assertThat(t.trainedIds()).isEmpty();
        t.train(List.of(example("w", "b")));
        assertThat(t.pendingLedger().duplicates()).isEmpty();
        assertThat(t.trainedIds()).containsExactly("w");
    }

    @Test
    void aQuarantineLearntMidStreamEmptiesTheBufferOfTheSourceAndKeepsItsLaterExamplesFromTraining()
            throws IOException {
        List<Incoming> kept = new ArrayList<>();
        DeadLetterSink sink = new DeadLetterSink() {
            @Override
            public void send(String model, Incoming poison) {
            }

            @Override
            public void quarantine(String model, Incoming example) {
                assertThat(model).isEqualTo("tiny");
                kept.add(example);
            }

            @Override
            public void flush() {
            }
        };
        ModelTrainer t = trainer(ReplayStrategy.RESERVOIR, LabelSet.closed("a", "b"), o -> o, s -> s, sink);
        QuarantineTable table = new QuarantineTable();
        t.gate(table);
        t.train(mixed("crm", "web", "bad"));
        t.train(mixed("crm", "web", "bad"));
        assertThat(t.buffer().perSource()).containsKeys("crm", "web", "bad");
        long trainedBefore = t.pendingLedger().trained().size();

        io.streamtune.contracts.SourceQuarantined q = new io.streamtune.contracts.SourceQuarantined(null, 0, null,
                "tiny", "bad", io.streamtune.contracts.SourceQuarantined.State.QUARANTINED, "automatic", "test",
                java.time.Instant.now(), null);
        table.apply(q);
        table.apply(new io.streamtune.contracts.SourceQuarantined(null, 0, null, "other", "crm",
                io.streamtune.contracts.SourceQuarantined.State.QUARANTINED, "automatic", "another model",
                java.time.Instant.now(), null));
        int stepsBefore = steps.size();
        List<Incoming> after = mixed("crm", "web", "bad");
        t.train(after);
        t.train(mixed("bad", "crm", "bad"));

        assertThat(t.buffer().perSource()).containsKeys("crm", "web").doesNotContainKey("bad");
        assertThat(t.buffer().items()).noneMatch(i -> i.source().equals("bad"));
        assertThat(kept).hasSize(12 + 24).allMatch(in -> in.example().source().equals("bad"));
        Ledger ledger = t.pendingLedger();
        assertThat(ledger.quarantined()).extracting(Ledger.Entry::id)
                .containsExactlyElementsOf(kept.stream().map(in -> in.example().id()).toList());
        assertThat(ledger.quarantined()).allMatch(e -> e.reason().equals("quarantined source bad"));
        assertThat(ledger.trained().subList((int) trainedBefore, ledger.trained().size()))
                .extracting(Ledger.Entry::id).noneMatch(id -> id.startsWith("bad-"))
                .hasSize(12 + 12 + 12);
        // both later batches still made a step, of crm's and web's examples alone
        assertThat(steps.size()).isEqualTo(stepsBefore + 2);
        // everything was accounted once: positions moved past the quarantined records too
        assertThat(t.status().positions()).containsEntry(0, offset);

        // released: trained again
        table.apply(q.to(io.streamtune.contracts.SourceQuarantined.State.RELEASED, "admin", "false alarm"));
        t.train(mixed("bad"));
        assertThat(kept).hasSize(36);
        assertThat(t.pendingLedger().trained()).extracting(Ledger.Entry::id).anyMatch(id -> id.startsWith("bad-"));
    }

    /** 12 examples of each source, alternating labels. */
    private List<Incoming> mixed(String... sources) {
        List<Incoming> out = new ArrayList<>();
        for (String source : sources) {
            for (int i = 0; i < 12; i++) {
                long o = offset++;
                String label = i % 2 == 0 ? "a" : "b";
                out.add(Incoming.example(0, o, System.nanoTime(), LabelledExample.of(source + "-" + o, "tiny",
                        "text number " + o + " from " + source + " about " + label, label, source)));
            }
        }
        return out;
    }

    @Test
    void aChallengerTrainsItsFamilyUnderItsLineageAndCountsItsCost() throws IOException {
        TrainingSettings s = new TrainingSettings(null, 0, 8, 0, 0, 0.1, 0, 0, 0, ReplayStrategy.RESERVOIR, 100, 1.0,
                1.0, 0, 0);
        ModelSpec spec = new ModelSpec(null, 0, null, "tiny", LabelSet.closed("a", "b"), null, 0, 0, 0, s, null,
                List.of(new io.streamtune.contracts.Variant("linear", io.streamtune.contracts.ModelFamily.LINEAR,
                        java.util.Map.of("batchSize", 4), new io.streamtune.contracts.LinearSettings(12, null, null),
                        null)));
        List<String> poisoned = new ArrayList<>();
        DeadLetterSink sink = new DeadLetterSink() {
            @Override
            public void send(String model, Incoming in) {
                poisoned.add(model);
            }

            @Override
            public void flush() {
            }
        };
        io.streamtune.contracts.Variant linear = spec.variant("linear").orElseThrow();
        ModelTrainer t = new ModelTrainer(spec, linear, TrainerOptions.defaults(List.of("tiny"), dir),
                new io.streamtune.training.linear.LinearLearnerFactory(linear.linear()), null,
                new ExampleQueue(() -> { }), sink, CheckpointAnnouncer.NONE, TrainingListener.NONE, "test");
        assertThat(t.open()).isEmpty();
        assertThat(t.model()).isEqualTo("tiny.linear");
        assertThat(t.primary()).isFalse();
        assertThat(t.settings().batchSize()).as("the variant's override").isEqualTo(4);
        for (int i = 0; i < 6; i++) {
            t.train(batch(4, i % 2 == 0 ? "a" : "b"));
        }
        List<Incoming> withPoison = batch(3, "a");
        withPoison.add(Incoming.poison(0, offset++, System.nanoTime(), "bad json", new byte[0], new byte[0]));
        t.train(withPoison);
        assertThat(t.learner().describe()).contains("linear");
        assertThat(t.status().examplesSeen()).isEqualTo(27);
        assertThat(t.status().model()).isEqualTo("tiny");
        assertThat(t.status().variant()).isEqualTo("linear");
        assertThat(t.status().cost().examples()).isEqualTo(27);
        assertThat(t.status().memoryBytes()).isEqualTo((1L << 12) * (2 * 8 + 4));
        assertThat(poisoned).as("only the primary variant dead-letters a record").isEmpty();
        // the loop's CPU time is counted against the examples it trained (the process CPU clock ticks every 10 ms
        // on Linux, so a few sub-millisecond steps may read 0: ChallengersIT checks the figure on a real stream)
        assertThat(t.cost().examples()).isEqualTo(27);
        assertThat(t.cost().cpuSeconds()).isGreaterThanOrEqualTo(0);
        assertThat(t.learner().predict(List.of("text number 3 about b"))[0]).hasSize(2);
    }

    private ModelTrainer trainer(ReplayStrategy replay, LabelSet labels) throws IOException {
        return trainer(replay, labels, o -> o);
    }

    private ModelTrainer trainer(ReplayStrategy replay, LabelSet labels, UnaryOperator<TrainerOptions> options)
            throws IOException {
        return trainer(replay, labels, options, s -> s);
    }

    private ModelTrainer trainer(ReplayStrategy replay, LabelSet labels, UnaryOperator<TrainerOptions> options,
            UnaryOperator<TrainingSettings> settings) throws IOException {
        return trainer(replay, labels, options, settings, DeadLetterSink.NONE);
    }

    private ModelTrainer trainer(ReplayStrategy replay, LabelSet labels, UnaryOperator<TrainerOptions> options,
            UnaryOperator<TrainingSettings> settings, DeadLetterSink sink) throws IOException {
        TrainingSettings s = settings.apply(
                new TrainingSettings(null, 0, 16, 0, 0, 0.1, 0, 0, 0, replay, 100, 1.0, 1.0, 0, 0));
        ModelSpec spec = new ModelSpec(null, 0, null, "tiny", labels, null, 0, 0, 0, s, null);
        LearnerFactory inner = TinyLearner.factory();
        LearnerFactory recording = new LearnerFactory() {
            @Override
            public Learner create(ModelSpec m, TrainingSettings ts, List<String> l) throws IOException {
                return new Recording(inner.create(m, ts, l), steps);
            }

            @Override
            public Learner restore(ModelSpec m, TrainingSettings ts, Path d) throws IOException {
                return new Recording(inner.restore(m, ts, d), steps);
            }
        };
        ModelTrainer t = new ModelTrainer(spec,
                options.apply(TrainerOptions.defaults(List.of("tiny"), dir).withDer(0.5, 0.5)),
                recording, null, new ExampleQueue(() -> { }), sink, CheckpointAnnouncer.NONE,
                TrainingListener.NONE);
        assertThat(t.open()).isEmpty();
        return t;
    }

    private List<Incoming> batch(int n, String label) {
        List<Incoming> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long o = offset++;
            out.add(Incoming.example(0, o, System.nanoTime(),
                    LabelledExample.of("ex-" + o, "tiny", "text number " + o + " about " + label, label, "app")));
        }
        return out;
    }

    private Incoming example(String id, String label) {
        long o = offset++;
        return Incoming.example(0, o, System.nanoTime(),
                LabelledExample.of(id, "tiny", "text " + id + " number " + o + " about " + label, label, "app"));
    }

    private List<Incoming> poisonedBatch() {
        long o = offset++;
        return List.of(Incoming.example(0, o, System.nanoTime(),
                LabelledExample.of("ex-" + o, "tiny", "NaN! overflow", "a", "app")));
    }

    /** Records the rows of every step, then delegates. */
    static final class Recording extends DelegatingLearner {
        final List<List<TrainingRow>> steps;

        Recording(Learner inner, List<List<TrainingRow>> steps) {
            super(inner);
            this.steps = steps;
        }

        @Override
        public StepOutcome step(List<TrainingRow> rows) {
            steps.add(List.copyOf(rows));
            return inner.step(rows);
        }
    }

}
