package io.streamtune.registry.rest;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.registry.config.Presigner;
import io.streamtune.registry.promotion.EvaluationReport;
import io.streamtune.registry.promotion.ModelBundle;
import io.streamtune.registry.promotion.VersionCatalog;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.CorruptArtifactException;
import io.streamtune.storage.NotFoundException;
import io.streamtune.storage.VersionManifest;
import io.streamtune.storage.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Assembles what the API shows of a champion and a version, with presigned download URLs. */
@ApplicationScoped
public class ChampionViews {

    private final ArtifactStore store;
    private final Presigner presigner;
    private final VersionCatalog versions;

    public ChampionViews(ArtifactStore store, Presigner presigner, VersionCatalog versions) {
        this.store = store;
        this.presigner = presigner;
        this.versions = versions;
    }

    Optional<ChampionPointer> pointer(String model) {
        return store.readChampion(model).map(Versioned::value);
    }

    Optional<Views.ChampionView> champion(String model) {
        Optional<ChampionPointer> pointer = pointer(model);
        if (pointer.isEmpty()) {
            return Optional.empty();
        }
        ChampionPointer p = pointer.get();
        VersionManifest v = versions.find(model, p.version()).orElseThrow(() -> new CorruptArtifactException(
                "The champion pointer of " + model + " names version " + p.version() + ", which is not complete."));
        EvaluationReport report = versions.report(model, p.version()).orElse(null);
        Views.Download download = VersionCatalog.has(v, ModelBundle.FILE_NAME) ? download(v, ModelBundle.FILE_NAME)
                : null;
        return Optional.of(new Views.ChampionView(model, p.version(), p.checkpointId(), p.generation(),
                p.updatedAt(), Duration.between(p.updatedAt(), Instant.now()).toMillis() / 1000.0, p.reason(),
                p.writer(), report == null ? null : report.evaluation().candidate(),
                report == null ? null : report.evaluation().heldoutSnapshotId(), Views.Lineage.of(v.checkpoint()),
                download, serving(v), p.variant(), p.family(), v.checkpoint() == null ? null : v.checkpoint().cost()));
    }

    Views.VersionView version(VersionManifest v) {
        boolean champion = pointer(v.model()).map(p -> p.version() == v.version()).orElse(false);
        return Views.VersionView.of(v, champion, versions.report(v.model(), v.version()).orElse(null), serving(v));
    }

    /** The serving files and the model card a version holds, each named as an app saves it (no folder); null if none. */
    List<Views.Download> serving(VersionManifest v) {
        List<Views.Download> out = new ArrayList<>();
        for (String f : ModelBundle.SERVING_FILES) {
            if (VersionCatalog.has(v, ModelBundle.SERVING + f)) {
                Views.Download d = download(v, ModelBundle.SERVING + f);
                out.add(new Views.Download(f, d.url(), d.expiresAt(), d.size(), d.sha256()));
            }
        }
        if (VersionCatalog.has(v, ModelBundle.MODEL_CARD)) {
            out.add(download(v, ModelBundle.MODEL_CARD));
        }
        return out.isEmpty() ? null : out;
    }

    /** A presigned URL for one file of a version. */
    Views.Download download(VersionManifest v, String file) {
        CheckpointManifest.FileEntry entry = v.files().stream().filter(f -> f.path().equals(file)).findFirst()
                .orElseThrow(() -> new NotFoundException("Version " + v.version() + " of " + v.model()
                        + " has no file " + file + "."));
        return new Views.Download(file, presigner.versionFile(v.model(), v.version(), file),
                Instant.now().plus(presigner.ttl()), entry.size(), entry.sha256());
    }
}
