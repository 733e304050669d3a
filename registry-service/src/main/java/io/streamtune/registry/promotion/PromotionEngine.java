package io.streamtune.registry.promotion;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.ConflictException;
import io.streamtune.storage.CorruptArtifactException;
import io.streamtune.storage.NotFoundException;
import io.streamtune.storage.VersionManifest;
import io.streamtune.storage.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns each evaluation into a recorded decision. A promotion reserves the next version number for the checkpoint
 * ({@link VersionClaim}), copies the checkpoint into that immutable version (with its report and download bundle),
 * moves the champion pointer by compare-and-swap, announces the move, and records the decision last: a decision in
 * the log means the evaluation was fully handled, so a re-delivered one is skipped, and one handled only in part (a
 * crash, a lost race) is finished or redone from what S3 holds, under the number already claimed.
 */
public final class PromotionEngine {

    static final int MAX_ATTEMPTS = 5;
    private static final Logger LOG = Logger.getLogger(PromotionEngine.class);

    private final ArtifactStore store;
    private final SpecStore specs;
    private final DecisionLog log;
    private final VersionCatalog versions;
    private final ChampionAnnouncer announcer;
    private final RegistryMetrics metrics;
    private final String instance;
    private final PromotionProbe probe;
    private final Map<String, String> encoders;

    /** @param encoders the operator's encoders besides all-MiniLM-L6-v2, for the versions' ONNX files */
    public PromotionEngine(ArtifactStore store, SpecStore specs, DecisionLog log, VersionCatalog versions,
            ChampionAnnouncer announcer, RegistryMetrics metrics, String instance, PromotionProbe probe,
            Map<String, String> encoders) {
        this.store = store;
        this.specs = specs;
        this.log = log;
        this.versions = versions;
        this.announcer = announcer;
        this.metrics = metrics;
        this.instance = instance;
        this.probe = probe;
        this.encoders = Map.copyOf(encoders);
    }

    /** The event id of the announcement of a pointer generation: the same on every retry, so readers can dedupe. */
    public static String announcementId(String model, long generation) {
        return UUID.nameUUIDFromBytes(("champion:" + model + ":" + generation).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    public Decision handle(CheckpointEvaluated e) {
        String id = DecisionLog.idFor(e);
        Optional<Decision> done = log.find(e.model(), id);
        if (done.isPresent()) {
            metrics.duplicate(e.model());
            LOG.debugf("%s: evaluation %s was already decided (%s)", e.model(), e.eventId(), done.get().outcome());
            return done.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return decide(e, id);
            } catch (ConflictException lost) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw lost;
                }
                LOG.infof("%s: lost a race on %s (%s); deciding again", e.model(), e.checkpointId(), lost.getMessage());
            }
        }
    }

    private Decision decide(CheckpointEvaluated e, String id) {
        Optional<ModelSpec> spec = specs.find(e.model());
        if (spec.isEmpty()) {
            return reject(e, id, Verdict.rejected(Gate.SPEC, "model " + e.model() + " has no spec in the registry "
                    + "(PUT /api/v1/models/" + e.model() + " defines it)"));
        }
        Optional<Versioned<ChampionPointer>> pointer = store.readChampion(e.model());
        Optional<VersionClaim> claim = versions.claimOf(e.model(), e.checkpointId());
        if (claim.isPresent() && !claim.get().evaluationEventId().equals(e.eventId())) {
            return reject(e, id, alreadyClaimed(claim.get()));
        }
        if (claim.isPresent() && pointer.isPresent() && pointer.get().value().version() == claim.get().version()) {
            // a previous run moved the pointer, then stopped: only the announcement and the record are left
            VersionManifest version = versions.find(e.model(), claim.get().version()).orElseThrow();
            Verdict verdict = versions.report(e.model(), version.version()).map(r -> new Verdict(r.gates()))
                    .orElseGet(() -> PromotionGates.check(e, spec.get().promotion(), Optional.empty()));
            return announce(e, id, verdict, version, pointer.get().value(), e.championVersion());
        }
        boolean promotable = spec.get().variant(e.variant()).map(io.streamtune.contracts.Variant::promotable)
                .orElse(false);
        Optional<io.streamtune.contracts.TrainingCost> championCost = pointer.flatMap(p -> versions.find(e.model(),
                p.value().version())).map(v -> v.checkpoint() == null ? null : v.checkpoint().cost());
        Verdict verdict = PromotionGates.check(e, spec.get().promotion(), promotable, pointer.map(Versioned::value),
                championCost);
        if (!verdict.promoted()) {
            return reject(e, id, verdict);
        }
        VersionClaim mine = claim.orElseGet(() -> versions.claim(e.model(), e.checkpointId(), e.eventId()));
        if (!mine.evaluationEventId().equals(e.eventId())) {
            return reject(e, id, alreadyClaimed(mine));
        }
        VersionManifest version;
        try {
            version = versions.find(e.model(), mine.version()).isPresent()
                    ? versions.find(e.model(), mine.version()).get() : create(e, spec.get(), verdict, mine.version());
        } catch (NotFoundException | CorruptArtifactException bad) {
            return reject(e, id, Verdict.rejected(Gate.ARTIFACT, bad.getMessage()));
        }
        probe.versionCreated(version);
        ChampionPointer moved = store.moveChampion(e.model(), pointer, version.version(), instance,
                "promotion of " + e.checkpointId() + " (evaluation " + e.eventId() + ")");
        probe.championMoved(moved);
        return announce(e, id, verdict, version, moved, pointer.map(p -> p.value().version()).orElse(null));
    }

    private static Verdict alreadyClaimed(VersionClaim claim) {
        return Verdict.rejected(Gate.NEW_CHECKPOINT, "checkpoint " + claim.checkpointId() + " is already version "
                + claim.version() + ", promoted by evaluation " + claim.evaluationEventId()
                + "; a checkpoint becomes a version once");
    }

    /** Copies the checkpoint into the claimed version; the same bytes whoever does it, so a redo is harmless. */
    private VersionManifest create(CheckpointEvaluated e, ModelSpec spec, Verdict verdict, int n) {
        EvaluationReport evaluation = EvaluationReport.of(e, spec.promotion(), verdict);
        byte[] report = EventJson.write(evaluation);
        long t0 = System.nanoTime();
        try (ModelBundle bundle = ModelBundle.build(store, spec, e.variant(), e.checkpointId(), n, evaluation,
                encoders)) {
            long built = System.nanoTime();
            try {
                store.createVersion(e.model(), e.variant(), n, e.checkpointId(), report, bundle.files());
            } catch (ConflictException done) {
                // another instance completed this claimed version first
            }
            // where conditional writes are not atomic (S3Proxy) verify what version.json says
            VersionManifest stored = store.readVersion(e.model(), n).orElseThrow(() -> new ConflictException(
                    "Version " + n + " of " + e.model() + " vanished after it was written."));
            if (!stored.checkpointId().equals(e.checkpointId())) {
                throw new CorruptArtifactException("Version " + n + " of " + e.model() + " was claimed for "
                        + e.checkpointId() + " but holds " + stored.checkpointId() + ".");
            }
            LOG.infof("%s: checkpoint %s copied into version %d (bundle and serving export built in %d ms, "
                    + "version written in %d ms)", e.model(), e.checkpointId(), n, (built - t0) / 1_000_000,
                    (System.nanoTime() - built) / 1_000_000);
            return stored;
        }
    }

    private Decision announce(CheckpointEvaluated e, String id, Verdict verdict, VersionManifest version,
            ChampionPointer pointer, Integer previous) {
        metrics.champion(e.model(), pointer.updatedAt());
        announcer.announce(ChampionAnnouncer.event(pointer, ModelPromoted.Kind.PROMOTION, verdict.reason(), previous,
                e.candidate()));
        Decision d = log.record(Decision.of(id, e, verdict, version.version(), previous, pointer.generation(),
                instance));
        metrics.decided(d);
        LOG.infof("%s: promoted %s as version %d (generation %d): %s", e.model(), e.checkpointId(),
                version.version(), pointer.generation(), verdict.reason());
        return d;
    }

    private Decision reject(CheckpointEvaluated e, String id, Verdict verdict) {
        Decision d = log.record(Decision.of(id, e, verdict, null, null, null, instance));
        metrics.decided(d);
        LOG.infof("%s: rejected %s: %s", e.model(), e.checkpointId(), verdict.reason());
        return d;
    }
}
