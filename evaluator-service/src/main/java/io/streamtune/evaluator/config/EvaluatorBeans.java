package io.streamtune.evaluator.config;

import io.streamtune.evaluator.evaluation.ChampionScores;
import io.streamtune.evaluator.evaluation.CheckpointEvaluator;
import io.streamtune.evaluator.evaluation.EvaluationArchive;
import io.streamtune.evaluator.evaluation.EvaluationProgress;
import io.streamtune.evaluator.evaluation.Listeners;
import io.streamtune.evaluator.evaluation.ModelSpecs;
import io.streamtune.evaluator.evaluation.Scorer;
import io.streamtune.evaluator.heldout.HeldoutStores;
import io.streamtune.evaluator.heldout.SnapshotRepository;
import io.streamtune.evaluator.heldout.TimeSlices;
import io.streamtune.evaluator.metrics.EvaluatorMeters;
import io.streamtune.evaluator.scoring.DjlScorer;
import io.streamtune.evaluator.scoring.PrefixCache;
import io.streamtune.model.DeviceChoice;
import io.streamtune.storage.ArtifactStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Builds the framework-free domain objects from the typed configuration. */
public class EvaluatorBeans {

    @Produces
    @Singleton
    SnapshotRepository snapshots(ArtifactStore artifacts, EvaluatorConfig config) {
        return new SnapshotRepository(artifacts.objects(), config.bucket(), config.heldout().snapshotsRetained());
    }

    @Produces
    @Singleton
    HeldoutStores heldoutStores(SnapshotRepository snapshots, EvaluatorConfig config) {
        return new HeldoutStores(snapshots, config.heldout().capacity(),
                new TimeSlices(config.heldout().sliceWidth()), Clock.systemUTC());
    }

    @Produces
    @Singleton
    EvaluationArchive archive(ArtifactStore artifacts, EvaluatorConfig config) {
        return new EvaluationArchive(artifacts.objects(), config.bucket());
    }

    @Produces
    @Singleton
    ModelSpecs specs(EvaluatorConfig config) {
        return new ModelSpecs(config.defaultMinHeldout());
    }

    @Produces
    @Singleton
    EvaluationProgress progress() {
        return new EvaluationProgress();
    }

    @Produces
    @Singleton
    Scorer scorer(EvaluatorConfig config, ArtifactStore artifacts) {
        if (config.scoring().threads() > 0 && System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(config.scoring().threads()));
        }
        java.nio.file.Path bases = config.workDir().resolve("bases");
        return new DjlScorer(new PrefixCache(config.scoring().prefixCacheBytes()), config.scoring().batchSize(),
                DeviceChoice.parse(config.scoring().device()), sha -> artifacts.base(sha, bases));
    }

    @Produces
    @Singleton
    ChampionScores champions(ArtifactStore artifacts, Scorer scorer, EvaluatorConfig config) {
        return new ChampionScores(artifacts, scorer, config.workDir(), config.championCacheSize());
    }

    void close(@Disposes ChampionScores champions) {
        champions.close();
    }

    @Produces
    @Singleton
    CheckpointEvaluator evaluator(ArtifactStore artifacts, HeldoutStores heldout, Scorer scorer,
            ChampionScores champions, EvaluationArchive archive, ModelSpecs specs, EvaluatorConfig config,
            EvaluatorMeters meters, EvaluationProgress progress) {
        return new CheckpointEvaluator(artifacts, heldout, scorer, champions, archive, specs, config.workDir(),
                config.minSliceExamples(), Listeners.of(meters, progress));
    }
}
