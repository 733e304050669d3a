package io.streamtune.evaluator.monitoring;

import io.streamtune.evaluator.evaluation.ChampionScores;
import io.streamtune.evaluator.evaluation.LoadedVersions;
import io.streamtune.evaluator.evaluation.ScoringModel;
import io.streamtune.evaluator.heldout.HeldoutExample;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.Versioned;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The versions as the models bucket names them: the champion is {@link ChampionScores}' loaded model (shared with the
 * checkpoint evaluations, so it is in memory once); the previous version is loaded here on first use (nothing is
 * loaded while monitoring is off), one per model, and replaced when the pointer names another.
 */
public final class MonitoredVersions implements VersionModels, AutoCloseable {

    private final ArtifactStore artifacts;
    private final ChampionScores champions;
    private final LoadedVersions previous;

    public MonitoredVersions(ArtifactStore artifacts, ChampionScores champions, LoadedVersions previous) {
        this.artifacts = artifacts;
        this.champions = champions;
        this.previous = previous;
    }

    @Override
    public Optional<Versions> current(String model) {
        return artifacts.readChampion(model).map(Versioned::value).map(Versions::of);
    }

    @Override
    public Rows champion(String model, int version, List<HeldoutExample> examples) {
        return champions.withChampion(model, version, m -> run(model, m, examples));
    }

    @Override
    public synchronized Rows previous(String model, int version, List<HeldoutExample> examples) {
        return run(model, previous.load(model, version), examples);
    }

    private static Rows run(String model, ScoringModel m, List<HeldoutExample> examples) {
        return new Rows(m.labels(), m.probabilities(new HeldoutSnapshot(model, model + "-monitoring", 0,
                Instant.EPOCH, examples)));
    }

    @Override
    public void close() {
        previous.close();
    }
}
