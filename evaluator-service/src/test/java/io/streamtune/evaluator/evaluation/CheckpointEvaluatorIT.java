package io.streamtune.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.CheckpointEvaluated.Status;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import io.streamtune.evaluator.heldout.HeldoutStores;
import io.streamtune.evaluator.heldout.SnapshotRepository;
import io.streamtune.evaluator.heldout.TimeSlices;
import io.streamtune.evaluator.scoring.DjlScorer;
import io.streamtune.evaluator.scoring.PrefixCache;
import io.streamtune.evaluator.support.Buckets;
import io.streamtune.evaluator.support.SameScores;
import io.streamtune.evaluator.support.TestData;
import io.streamtune.evaluator.support.TestModels;
import io.streamtune.model.DeviceChoice;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3ArtifactStore;
import io.streamtune.storage.S3Settings;
import io.streamtune.storage.StorageLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation itself on a real S3 server with real checkpoints written by the model module. */
class CheckpointEvaluatorIT {

    @TempDir
    static Path tmp;

    static ArtifactStore store;
    static HeldoutStores heldout;
    static PrefixCache cache;
    static ChampionScores champions;
    static EvaluationArchive archive;
    static ModelSpecs specs;
    static CheckpointEvaluator evaluator;
    static final AtomicReference<EvaluationListener> listener = new AtomicReference<>(EvaluationListener.NONE);

    @BeforeAll
    static void setUp() {
        S3Settings s3 = Buckets.fresh();
        store = new S3ArtifactStore(s3);
        store.ensureBuckets();
        String bucket = Buckets.evaluatorBucket(s3);
        SnapshotRepository snapshots = new SnapshotRepository(store.objects(), bucket, 5);
        snapshots.ensureBucket();
        heldout = new HeldoutStores(snapshots, 500, new TimeSlices(Duration.ofDays(30)), Clock.systemUTC());
        cache = new PrefixCache(64L << 20);
        DjlScorer scorer = new DjlScorer(cache, 32, DeviceChoice.CPU);
        champions = new ChampionScores(store, scorer, tmp.resolve("work"), 8);
        archive = new EvaluationArchive(store.objects(), bucket);
        specs = new ModelSpecs(50);
        EvaluationListener delegating = new EvaluationListener() {
            @Override
            public void onSnapshotFrozen(CheckpointCreated c, HeldoutSnapshot s) {
                listener.get().onSnapshotFrozen(c, s);
            }
        };
        evaluator = new CheckpointEvaluator(store, heldout, scorer, champions, archive, specs, tmp.resolve("work"), 5,
                delegating);
    }

    @AfterAll
    static void tearDown() {
        champions.close();
        store.close();
    }

    @Test
    void scoresTheCheckpointAndTheChampionOnOneSnapshotAndReusesThePrefixes() throws Exception {
        String model = "spam-a";
        List<LabelledExample> examples = TestData.examples(model, "a", 80, 1);
        feed(model, examples, 0);
        long missesBefore = cache.misses();

        CheckpointManifest m1;
        EvaluationMetrics expected1;
        HeldoutSnapshot snapshot = heldout.store(model).freeze().snapshot();
        try (Classifier c1 = TestModels.trained(FineTuning.head(), examples, 2, 1)) {
            m1 = TestModels.write(store, model, "ck-1", c1, tmp);
            expected1 = independent(c1, snapshot);
        }
        CheckpointEvaluated r1 = evaluator.evaluate(TestModels.announcement(m1));
        assertThat(r1.status()).isEqualTo(Status.EVALUATED);
        assertThat(r1.heldoutSnapshotId()).isEqualTo(snapshot.id());
        assertThat(r1.evaluatedCount()).isEqualTo(80);
        assertThat(r1.champion()).isNull();
        assertThat(r1.candidate().forgetting()).isEmpty();
        assertThat(r1.forgettingDefinition()).isEqualTo(CheckpointEvaluated.FORGETTING_DEFINITION);
        SameScores.assertSameScores(r1.candidate(), expected1);

        // ck-1 becomes the champion (version 1), as the registry would do it
        store.createVersion(model, 1, "ck-1", "{}".getBytes(StandardCharsets.UTF_8));
        store.moveChampion(model, Optional.empty(), 1, "test", "first");

        CheckpointManifest m2;
        EvaluationMetrics expected2;
        try (Classifier c2 = TestModels.trained(FineTuning.head(), examples, 40, 2)) {
            m2 = TestModels.write(store, model, "ck-2", c2, tmp);
            expected2 = independent(c2, snapshot);
        }
        CheckpointEvaluated r2 = evaluator.evaluate(TestModels.announcement(m2));
        assertThat(r2.status()).isEqualTo(Status.EVALUATED);
        assertThat(r2.heldoutSnapshotId()).isEqualTo(snapshot.id());
        SameScores.assertSameScores(r2.candidate(), expected2);
        assertThat(r2.candidate().accuracy()).isGreaterThan(0.9);
        assertThat(r2.championVersion()).isEqualTo(1);
        assertThat(r2.championCheckpointId()).isEqualTo("ck-1");
        SameScores.assertSameScores(r2.champion(), expected1); // the champion, scored on the same snapshot
        // forgetting per slice: best earlier accuracy (ck-1, as candidate and as champion) minus ck-2's
        Map<String, Double> expectedForgetting = new TreeMap<>();
        r2.candidate().sliceAccuracy().forEach((slice, acc) -> {
            if (snapshot.perSlice().get(slice) >= 5) {
                expectedForgetting.put(slice, expected1.sliceAccuracy().get(slice) - acc);
            }
        });
        assertThat(r2.candidate().forgetting()).hasSameSizeAs(expectedForgetting).isNotEmpty();
        expectedForgetting.forEach((slice, f) -> assertThat(r2.candidate().forgetting().get(slice))
                .isCloseTo(f, within(1e-9)));
        assertThat(champions.scorings()).isEqualTo(1);

        CheckpointManifest m3;
        try (Classifier c3 = TestModels.trained(FineTuning.head(), examples, 10, 3)) {
            m3 = TestModels.write(store, model, "ck-3", c3, tmp);
        }
        CheckpointEvaluated r3 = evaluator.evaluate(TestModels.announcement(m3));
        SameScores.assertSameScores(r3.champion(), expected1);
        assertThat(champions.scorings()).as("champion scores are cached per snapshot").isEqualTo(1);
        // 3 candidates and the champion, one base encoder: the frozen prefix ran once per held-out example
        assertThat(cache.misses() - missesBefore).isEqualTo(80);

        // a re-delivered announcement: the same event again, nothing scored
        long hits = cache.hits();
        CheckpointEvaluated again = evaluator.evaluate(TestModels.announcement(m2));
        assertThat(again).isEqualTo(r2);
        assertThat(cache.hits()).isEqualTo(hits);
        assertThat(champions.scorings()).isEqualTo(1);
    }

    @Test
    void examplesArrivingDuringAnEvaluationDoNotChangeIt() throws Exception {
        String model = "spam-p";
        List<LabelledExample> first = TestData.examples(model, "p", 60, 7);
        feed(model, first, 0);
        HeldoutSnapshot before = heldout.store(model).freeze().snapshot();
        // arriving while the checkpoint is scored: labels flipped, so counting them would change every score
        List<LabelledExample> late = TestData.examples(model, "late", 30, 8).stream()
                .map(e -> new LabelledExample(null, 0, null, e.id(), model, e.text(),
                        e.label().equals("spam") ? "ham" : "spam", "test", e.eventTime(), null))
                .toList();
        listener.set(new EvaluationListener() {
            @Override
            public void onSnapshotFrozen(CheckpointCreated c, HeldoutSnapshot s) {
                feed(model, late, first.size());
            }
        });
        try (Classifier c = TestModels.trained(FineTuning.head(), first, 20, 4)) {
            CheckpointManifest m = TestModels.write(store, model, "ck-p", c, tmp);
            EvaluationMetrics expected = independent(c, before);
            CheckpointEvaluated r = evaluator.evaluate(TestModels.announcement(m));
            assertThat(heldout.store(model).size()).isEqualTo(90); // they did arrive during the evaluation
            assertThat(r.heldoutSnapshotId()).isEqualTo(before.id());
            assertThat(r.evaluatedCount()).isEqualTo(60);
            SameScores.assertSameScores(r.candidate(), expected);
        } finally {
            listener.set(EvaluationListener.NONE);
        }
        assertThat(heldout.store(model).freeze().snapshot().id()).isNotEqualTo(before.id());
    }

    @Test
    void tooFewHeldoutExamplesSaySoWithTheCounts() {
        String model = "spam-few";
        specs.put(new ModelSpec(null, 0, null, model, LabelSet.closed("ham", "spam"), null, 0, 0, 30, null, null));
        feed(model, TestData.examples(model, "f", 12, 3), 0);
        CheckpointCreated c = new CheckpointCreated(null, 0, null, model, "ck-f", null, "s3://x/", 1, 1, null, null,
                0, null);
        CheckpointEvaluated r = evaluator.evaluate(c);
        assertThat(r.status()).isEqualTo(Status.INSUFFICIENT_DATA);
        assertThat(r.reason()).contains("12 examples").contains("at least 30").contains("ham=").contains("spam=");
        assertThat(r.candidate()).isNull();
        assertThat(archive.find(model, "ck-f")).isEmpty(); // a later delivery may have enough
    }

    @Test
    void missingCorruptAndUnusableCheckpointsFailWithTheReason() throws Exception {
        String model = "spam-bad";
        List<LabelledExample> examples = TestData.examples(model, "b", 60, 5);
        feed(model, examples, 0);

        CheckpointCreated missing = new CheckpointCreated(null, 0, null, model, "ck-missing", null, "s3://x/", 1, 1,
                null, null, 0, null);
        CheckpointEvaluated r = evaluator.evaluate(missing);
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.reason()).contains("ck-missing").contains("does not exist");

        CheckpointManifest corrupt;
        try (Classifier c = TestModels.trained(FineTuning.head(), examples, 0, 1)) {
            corrupt = TestModels.write(store, model, "ck-corrupt", c, tmp);
        }
        store.objects().put(store.settings().checkpointsBucket(),
                StorageLayout.checkpointPrefix(model, "ck-corrupt") + "weights.safetensors",
                "not the weights".getBytes(StandardCharsets.UTF_8));
        CheckpointEvaluated rc = evaluator.evaluate(TestModels.announcement(corrupt));
        assertThat(rc.status()).isEqualTo(Status.FAILED);
        assertThat(rc.reason()).contains("weights.safetensors");

        Path dir = Files.createDirectories(tmp.resolve("unusable"));
        Files.writeString(dir.resolve("model.json"), "{\"format\": 99}");
        Files.writeString(dir.resolve("weights.safetensors"), "x");
        CheckpointManifest unusable = store.writeCheckpoint(new CheckpointManifest(0, model, "ck-unusable", null,
                null, 1, 1, null, null, null, 0, null, null, List.of("ham", "spam"), null, null), dir);
        CheckpointEvaluated ru = evaluator.evaluate(TestModels.announcement(unusable));
        assertThat(ru.status()).isEqualTo(Status.FAILED);
        assertThat(ru.reason()).contains("model.json");

        // recorded: a re-delivery gets the same answer
        assertThat(evaluator.evaluate(TestModels.announcement(corrupt))).isEqualTo(rc);
        assertThat(archive.find(model, "ck-unusable")).contains(ru);
    }

    private static void feed(String model, List<LabelledExample> examples, long firstOffset) {
        for (int i = 0; i < examples.size(); i++) {
            heldout.store(model).add(0, firstOffset + i, examples.get(i));
        }
    }

    /** The scores computed here from the whole network's probabilities, not through the evaluator's cached path. */
    private static EvaluationMetrics independent(Classifier c, HeldoutSnapshot s) {
        float[][] p = TestModels.probabilities(c, s.texts());
        int hits = 0;
        for (int i = 0; i < p.length; i++) {
            String predicted = p[i][0] >= p[i][1] ? "ham" : "spam";
            hits += predicted.equals(s.labels().get(i)) ? 1 : 0;
        }
        EvaluationMetrics m = Metrics.compute(c.labels(), p, s.labels(), s.slices());
        assertThat(m.accuracy()).isEqualTo((double) hits / p.length);
        return m;
    }
}
