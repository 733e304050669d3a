package io.streamtune.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.evaluator.heldout.HeldoutExample;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The champion's scores on a real S3 server with real checkpoints: taken from its checkpoint's scoring as a candidate,
 * run only on the examples new to it when the snapshot grows, scored whole when the champion changes, and always equal
 * to the whole network's scores.
 */
class ChampionScoresIT {

    @TempDir
    Path tmp;

    @Test
    void theChampionRunsOnlyOnExamplesItsCheckpointHasNotScored() throws Exception {
        String model = "spam-cs";
        List<LabelledExample> examples = TestData.examples(model, "cs-a", 60, 21);
        HeldoutSnapshot snapshot = snapshot(model, 1, examples);
        HeldoutSnapshot grown = snapshot(model, 2, concat(examples, TestData.examples(model, "cs-b", 15, 22)));
        try (ArtifactStore store = new S3ArtifactStore(Buckets.fresh())) {
            store.ensureBuckets();
            DjlScorer scorer = new DjlScorer(new PrefixCache(64L << 20), 32, DeviceChoice.CPU);
            try (ChampionScores champions = new ChampionScores(store, scorer, tmp.resolve("work"), 8,
                    new CheckpointScores(4));
                    Classifier c1 = TestModels.trained(FineTuning.head(), examples, 20, 1);
                    Classifier c2 = TestModels.trained(FineTuning.head(), examples, 5, 2)) {
                CheckpointManifest m1 = TestModels.write(store, model, "ck-1", c1, tmp);
                TestModels.write(store, model, "ck-2", c2, tmp);
                assertThat(champions.score(model, snapshot)).isEmpty(); // no champion yet

                // ck-1 scored as a candidate (the evaluator's path), then promoted
                try (ScoringModel m = scorer.load(model, download(store, model, "ck-1"))) {
                    champions.recordCandidate(model, "ck-1", m.labels(), snapshot, m.probabilities(snapshot));
                }
                promote(store, model, 1, m1.checkpointId(), Optional.empty());

                ChampionScores.Scored s1 = champions.score(model, snapshot).orElseThrow();
                assertThat(champions.examplesRun()).as("known from the candidate's scoring").isZero();
                assertThat(s1.checkpointId()).isEqualTo("ck-1");
                SameScores.assertSameScores(s1.metrics(), independent(c1, snapshot));

                ChampionScores.Scored s2 = champions.score(model, grown).orElseThrow();
                assertThat(champions.examplesRun()).as("only the 15 new examples").isEqualTo(15);
                SameScores.assertSameScores(s2.metrics(), independent(c1, grown));
                assertThat(champions.scorings()).isEqualTo(2);

                // a new champion: nothing known of ck-2, so the whole snapshot is run through it
                promote(store, model, 2, "ck-2", Optional.of(1));
                ChampionScores.Scored s3 = champions.score(model, grown).orElseThrow();
                assertThat(s3.version()).isEqualTo(2);
                assertThat(champions.examplesRun()).isEqualTo(15 + 75);
                SameScores.assertSameScores(s3.metrics(), independent(c2, grown));
                champions.score(model, grown);
                assertThat(champions.examplesRun()).as("cached per snapshot").isEqualTo(90);
            }
        }
    }

    private static Path download(ArtifactStore store, String model, String id) throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("ck");
        store.downloadCheckpoint(model, id, dir);
        return dir;
    }

    private static void promote(ArtifactStore store, String model, int version, String checkpointId,
            Optional<Integer> previous) {
        store.createVersion(model, version, checkpointId, "{}".getBytes(StandardCharsets.UTF_8));
        store.moveChampion(model, previous.map(p -> store.readChampion(model).orElseThrow()), version, "test",
                "promoted");
    }

    private static HeldoutSnapshot snapshot(String model, long sequence, List<LabelledExample> examples) {
        return new HeldoutSnapshot(model, HeldoutSnapshot.idOf(model, sequence), sequence, Instant.now(),
                examples.stream().map(e -> new HeldoutExample(e.id(), e.text(), e.label(), e.eventTime(), "s1"))
                        .toList());
    }

    private static List<LabelledExample> concat(List<LabelledExample> a, List<LabelledExample> b) {
        List<LabelledExample> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The scores from the whole network's probabilities, not through the evaluator's cached path. */
    private static EvaluationMetrics independent(Classifier c, HeldoutSnapshot s) {
        return Metrics.compute(c.labels(), TestModels.probabilities(c, s.texts()), s.labels(), s.slices());
    }
}
