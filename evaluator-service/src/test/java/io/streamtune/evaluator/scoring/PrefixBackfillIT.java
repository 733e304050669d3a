package io.streamtune.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.evaluator.evaluation.CheckpointEvaluator;
import io.streamtune.evaluator.evaluation.ScoringModel;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import io.streamtune.evaluator.heldout.HeldoutStores;
import io.streamtune.evaluator.heldout.SnapshotRepository;
import io.streamtune.evaluator.heldout.TimeSlices;
import io.streamtune.evaluator.support.Buckets;
import io.streamtune.evaluator.support.TestData;
import io.streamtune.evaluator.support.TestModels;
import io.streamtune.model.DeviceChoice;
import io.streamtune.model.checkpoint.CheckpointIO;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.ClassifierConfig;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.model.tokenize.TokenizerSettings;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3ArtifactStore;
import io.streamtune.storage.S3Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background prefix encoder with the real encoder and held-out stores restored from a real S3 server: every
 * example encoded once, as it arrives, nothing while an evaluation runs, and a checkpoint of the model then scored
 * from those prefixes alone, with the same probabilities as without them.
 */
class PrefixBackfillIT {

    @TempDir
    static Path tmp;

    static ArtifactStore store;
    static HeldoutStores heldout;
    static final Map<String, ModelSpec> specs = new ConcurrentHashMap<>();

    @BeforeAll
    static void setUp() {
        S3Settings s3 = Buckets.fresh();
        store = new S3ArtifactStore(s3);
        store.ensureBuckets();
        SnapshotRepository snapshots = new SnapshotRepository(store.objects(), Buckets.evaluatorBucket(s3), 5);
        snapshots.ensureBucket();
        heldout = new HeldoutStores(snapshots, 500, new TimeSlices(Duration.ofDays(30)), Clock.systemUTC());
    }

    @AfterAll
    static void tearDown() {
        store.close();
    }

    @Test
    void encodesEachArrivingExampleOnceAndACheckpointThenRunsOnlyItsTop() throws Exception {
        String model = "spam-bf";
        specs.put(model, spec(model, FineTuneMode.HEAD));
        PrefixCache cache = new PrefixCache(64L << 20);
        try (PrefixBackfill backfill = backfill(cache)) {
            List<LabelledExample> first = TestData.examples(model, "bf-a", 40, 11);
            feed(model, first, 0);
            drain(backfill);
            assertThat(backfill.encoded()).isEqualTo(40);
            assertThat(backfill.ready(model)).hasValue(40);
            assertThat(cache.misses()).isEqualTo(40);

            // more arrive: only they are encoded
            feed(model, TestData.examples(model, "bf-b", 10, 12), 40);
            assertThat(backfill.ready(model)).hasValue(40);
            drain(backfill);
            assertThat(backfill.encoded()).isEqualTo(50);
            assertThat(cache.misses()).isEqualTo(50);

            // while an evaluation runs the cores are its: nothing is encoded
            CheckpointCreated running = new CheckpointCreated(null, 0, null, model, "ck-running", null, "s3://x/", 1,
                    1, null, null, 0, null);
            backfill.onSnapshotFrozen(running, null);
            feed(model, TestData.examples(model, "bf-c", 5, 13), 50);
            assertThat(backfill.step()).isFalse();
            backfill.onEvaluated(CheckpointEvaluator.failed(running, "scored elsewhere"), Duration.ZERO);
            drain(backfill);
            assertThat(backfill.encoded()).isEqualTo(55);

            // a checkpoint built as the trainer builds it from this spec: every prefix is a hit
            HeldoutSnapshot snapshot = heldout.freezeAndSave(model).snapshot();
            Path dir = tmp.resolve("ck-head");
            try (Classifier c = TestModels.trained(FineTuning.head(), first, 3, 5)) {
                CheckpointIO.save(c, dir); // TestModels' config: 32 tokens, but FP32 prefixes, so another key
            }
            Path same = tmp.resolve("ck-same");
            try (Classifier c = Classifier.create(TestModels.miniLm(), TestModels.LABELS, trainerConfig(
                    FineTuning.head()))) {
                CheckpointIO.save(c, same);
            }
            long misses = cache.misses();
            float[][] cached;
            try (ScoringModel m = new DjlScorer(cache, 32, DeviceChoice.CPU).load(model, same)) {
                cached = m.probabilities(snapshot);
            }
            assertThat(cache.misses()).as("no prefix computed at evaluation").isEqualTo(misses);
            float[][] fresh;
            try (ScoringModel m = new DjlScorer(new PrefixCache(64L << 20), 32, DeviceChoice.CPU).load(model, same)) {
                fresh = m.probabilities(snapshot);
            }
            for (int i = 0; i < fresh.length; i++) {
                for (int j = 0; j < fresh[i].length; j++) {
                    assertThat(cached[i][j]).isCloseTo(fresh[i][j], within(1e-4f));
                }
            }
            // a checkpoint with another prefix key (FP32 prefixes) misses and computes its own: safe, not faster
            try (ScoringModel m = new DjlScorer(cache, 32, DeviceChoice.CPU).load(model, dir)) {
                m.probabilities(snapshot);
            }
            assertThat(cache.misses()).isEqualTo(misses + snapshot.size());
        }
    }

    @Test
    void theSpecsPrefixIsTheOneTheTrainersDefaultCheckpointsHave() throws Exception {
        PrefixSources sources = new PrefixSources(DeviceChoice.CPU);
        ModelSpec spec = ModelSpec.of("spam-key", LabelSet.closed("ham", "spam")); // top-2, 128 tokens, one window
        try (Classifier fromSpec = sources.create(spec).orElseThrow();
                Classifier trainers = Classifier.create(TestModels.miniLm(), TestModels.LABELS, ClassifierConfig
                        .defaults().withSeed(7).withDevice(DeviceChoice.CPU)
                        .withTokenizer(TokenizerSettings.defaults().withMaxLength(128).withMaxWindows(1)))) {
            assertThat(fromSpec.prefixKey()).isEqualTo(trainers.prefixKey());
        }
        ModelSpec full = new ModelSpec(null, 0, null, "spam-full", LabelSet.closed("ham", "spam"), null, 0, 0, 0,
                settings(FineTuneMode.FULL), null);
        assertThat(sources.create(full)).isEmpty();
    }

    @Test
    void aModelWithoutASpecOrWithAnUnknownBaseIsLeftToTheEvaluation() throws Exception {
        String model = "spam-nospec";
        PrefixCache cache = new PrefixCache(64L << 20);
        try (PrefixBackfill backfill = backfill(cache)) {
            feed(model, TestData.examples(model, "ns", 10, 14), 0);
            assertThat(backfill.step()).isFalse();
            assertThat(backfill.ready(model)).isEmpty();
            specs.put(model, new ModelSpec(null, 0, null, model, LabelSet.closed("ham", "spam"), "no-such-encoder",
                    0, 0, 0, null, null));
            assertThat(backfill.step()).isFalse();
            assertThat(backfill.ready(model)).isEmpty();
            assertThat(cache.misses()).isZero();
        }
    }

    private static PrefixBackfill backfill(PrefixCache cache) {
        return new PrefixBackfill(heldout, m -> Optional.ofNullable(specs.get(m)), new PrefixSources(DeviceChoice.CPU),
                cache, 16, Duration.ofMillis(50));
    }

    /** Steps until there is nothing left to encode (the test drives it; no background thread). */
    private static void drain(PrefixBackfill backfill) {
        while (backfill.step()) {
            // next chunk
        }
    }

    /** What the trainer builds from {@link #spec}: 32 tokens, one window, the model module's defaults (FP16). */
    private static ClassifierConfig trainerConfig(FineTuning fineTuning) {
        return ClassifierConfig.defaults().withFineTuning(fineTuning).withDevice(DeviceChoice.CPU)
                .withTokenizer(TokenizerSettings.defaults().withMaxLength(32).withMaxWindows(1));
    }

    private static ModelSpec spec(String model, FineTuneMode mode) {
        return new ModelSpec(null, 0, null, model, LabelSet.closed("ham", "spam"), null, 0, 0, 0, settings(mode),
                null);
    }

    private static TrainingSettings settings(FineTuneMode mode) {
        return new TrainingSettings(mode, 0, 0, 0, 0, 0, 0, 32, 1, null, 0, 0, 0, 0, 0);
    }

    private static void feed(String model, List<LabelledExample> examples, long firstOffset) {
        for (int i = 0; i < examples.size(); i++) {
            heldout.store(model).add(0, firstOffset + i, examples.get(i));
        }
    }
}
