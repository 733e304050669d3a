package io.streamtune.evaluator.config;

import io.streamtune.evaluator.evaluation.ChampionScores;
import io.streamtune.evaluator.evaluation.CheckpointEvaluator;
import io.streamtune.evaluator.evaluation.CheckpointScores;
import io.streamtune.evaluator.evaluation.EvaluationArchive;
import io.streamtune.evaluator.evaluation.EvaluationProgress;
import io.streamtune.evaluator.evaluation.Listeners;
import io.streamtune.evaluator.evaluation.LoadedVersions;
import io.streamtune.evaluator.evaluation.ModelSpecs;
import io.streamtune.evaluator.evaluation.Scorer;
import io.streamtune.evaluator.heldout.HeldoutStores;
import io.streamtune.evaluator.heldout.SnapshotRepository;
import io.streamtune.evaluator.heldout.TimeSlices;
import io.streamtune.evaluator.messaging.MonitoringPublisher;
import io.streamtune.evaluator.metrics.EvaluatorMeters;
import io.streamtune.evaluator.monitoring.MonitoredVersions;
import io.streamtune.evaluator.monitoring.PrequentialMonitor;
import io.streamtune.evaluator.scoring.DjlScorer;
import io.streamtune.evaluator.scoring.PrefixBackfill;
import io.streamtune.evaluator.scoring.PrefixCache;
import io.streamtune.evaluator.scoring.PrefixSources;
import io.streamtune.model.DeviceChoice;
import io.streamtune.storage.ArtifactStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

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
    PrefixCache prefixCache(EvaluatorConfig config) {
        if (config.scoring().threads() > 0 && System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(config.scoring().threads()));
        }
        return new PrefixCache(config.scoring().prefixCacheBytes());
    }

    @Produces
    @Singleton
    Scorer scorer(PrefixCache cache, EvaluatorConfig config, ArtifactStore artifacts) {
        java.nio.file.Path bases = config.workDir().resolve("bases");
        return new io.streamtune.evaluator.scoring.FamilyScorer(new DjlScorer(cache, config.scoring().batchSize(),
                DeviceChoice.parse(config.scoring().device()), sha -> artifacts.base(sha, bases)));
    }

    @Produces
    @Singleton
    PrefixBackfill backfill(HeldoutStores heldout, ModelSpecs specs, PrefixCache cache, EvaluatorConfig config) {
        return new PrefixBackfill(heldout, specs::find,
                new PrefixSources(DeviceChoice.parse(config.scoring().device())), cache,
                config.scoring().backfillChunk(), Duration.ofMillis(500));
    }

    /** The background prefix encoder starts with the service (unless switched off) and is watched by the meters. */
    void start(@Observes StartupEvent event, PrefixBackfill backfill, PrefixCache cache, EvaluatorConfig config,
            EvaluatorMeters meters) {
        meters.watch(cache, backfill);
        if (config.scoring().backfill()) {
            backfill.start();
        }
    }

    void close(@Disposes PrefixBackfill backfill) {
        backfill.close();
    }

    @Produces
    @Singleton
    ChampionScores champions(ArtifactStore artifacts, Scorer scorer, EvaluatorConfig config) {
        return new ChampionScores(artifacts, scorer, config.workDir(), config.championCacheSize(),
                new CheckpointScores(config.scoreCacheCheckpoints()));
    }

    void close(@Disposes ChampionScores champions) {
        champions.close();
    }

    @Produces
    @Singleton
    CheckpointEvaluator evaluator(ArtifactStore artifacts, HeldoutStores heldout, Scorer scorer,
            ChampionScores champions, EvaluationArchive archive, ModelSpecs specs, EvaluatorConfig config,
            EvaluatorMeters meters, EvaluationProgress progress, PrefixBackfill backfill, PrequentialMonitor monitor) {
        return new CheckpointEvaluator(artifacts, heldout, scorer, champions, archive, specs, config.workDir(),
                config.minSliceExamples(), Listeners.of(meters, progress, backfill, monitor));
    }

    /**
     * The prequential monitor: built always, started (and fed by the held-out consumer) only when monitoring is on,
     * so that with it off no previous version is ever loaded.
     */
    @Produces
    @Singleton
    PrequentialMonitor monitor(ArtifactStore artifacts, ChampionScores champions, Scorer scorer,
            EvaluatorConfig config, EvaluatorMeters meters, MonitoringPublisher publisher) {
        EvaluatorConfig.Monitoring m = config.monitoring();
        return new PrequentialMonitor(new MonitoredVersions(artifacts, champions,
                new LoadedVersions(artifacts, scorer, config.workDir().resolve("previous"))), publisher::publish,
                meters, new PrequentialMonitor.Settings(m.window(), m.reportEvery(), m.reportInterval(), m.batch(),
                m.queue(), Duration.ofMillis(500)), Clock.systemUTC());
    }

    void startMonitor(@Observes StartupEvent event, PrequentialMonitor monitor, EvaluatorConfig config) {
        if (config.monitoring().enabled()) {
            monitor.start();
        }
    }

    void close(@Disposes PrequentialMonitor monitor) {
        monitor.close();
    }
}
