package io.streamtune.registry.promotion;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.NotFoundException;
import io.streamtune.storage.Versioned;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Announces champion moves on {@code streamtune.promotions} and makes sure the pointer's latest move is announced at
 * least once: a move Kafka did not acknowledge stays pending and is sent again, by a retried request or by
 * {@link AnnouncementRetries}; after a restart every model's pointer is compared with its last announcement on the
 * topic. A move's announcement has one event id (and time) however often it is sent, so readers drop repeats.
 */
public final class ChampionAnnouncer {

    private static final Logger LOG = Logger.getLogger(ChampionAnnouncer.class);

    private final ArtifactStore store;
    private final SpecStore specs;
    private final VersionCatalog versions;
    private final DecisionLog log;
    private final PromotionEvents events;
    private final AnnouncedPromotions topic;
    private final Map<String, ModelPromoted> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> announced = new ConcurrentHashMap<>();
    private final Set<String> unchecked = ConcurrentHashMap.newKeySet();
    private volatile boolean checkAll;
    private volatile Runnable onFailure = () -> { };

    public ChampionAnnouncer(ArtifactStore store, SpecStore specs, VersionCatalog versions, DecisionLog log,
            PromotionEvents events, AnnouncedPromotions topic) {
        this.store = store;
        this.specs = specs;
        this.versions = versions;
        this.log = log;
        this.events = events;
        this.topic = topic;
    }

    /** The announcement of a pointer's move: its id and time come from the pointer, so every resend is the same. */
    public static ModelPromoted event(ChampionPointer p, ModelPromoted.Kind kind, String reason, Integer previous,
            EvaluationMetrics metrics) {
        return new ModelPromoted(PromotionEngine.announcementId(p.model(), p.generation()), 0, p.updatedAt(),
                p.model(), p.version(), p.checkpointId(), previous, kind, reason, p.generation(), metrics);
    }

    /** Told each time an announcement fails (the background retries wake up). */
    void onFailure(Runnable action) {
        this.onFailure = action;
    }

    /**
     * Publishes a move and waits for Kafka's acknowledgement.
     *
     * @throws AnnouncementException when Kafka did not acknowledge it; it stays pending and is retried
     */
    public void announce(ModelPromoted event) {
        pending.merge(event.model(), event, (old, now) -> now.generation() >= old.generation() ? now : old);
        publish(event);
    }

    /** A move that is on the topic (seen there, or acknowledged): it needs no more announcing. */
    public void acknowledged(ModelPromoted event) {
        announced.merge(event.model(), event.generation(), Math::max);
        pending.computeIfPresent(event.model(), (m, p) -> p.generation() <= event.generation() ? null : p);
    }

    /**
     * The announcement of the pointer's move, published again unless it is known to be on the topic.
     *
     * @throws AnnouncementException when Kafka does not answer; the move stays pending and is retried
     */
    public ModelPromoted ensureAnnounced(ChampionPointer pointer) {
        String model = pointer.model();
        ModelPromoted mine = pending.get(model);
        if (announced.getOrDefault(model, 0L) >= pointer.generation()) {
            return eventOf(pointer);
        }
        Optional<ModelPromoted> last;
        try {
            last = topic.last(model);
        } catch (AnnouncementException e) {
            remember(model);
            throw e;
        }
        last.ifPresent(this::acknowledged);
        boolean sentHere = mine != null && mine.generation() == pointer.generation();
        ModelPromoted event = sentHere ? mine : rebuild(pointer, last);
        if (last.map(ModelPromoted::generation).orElse(0L) < pointer.generation()) {
            if (!sentHere && moved(pointer)) {
                remember(model); // a newer move: announce that one, never a stale one after it
                return event;
            }
            LOG.infof("%s: the move to version %d (generation %d) is not on the topic yet; announcing it", model,
                    pointer.version(), pointer.generation());
            pending.merge(model, event, (old, now) -> now.generation() >= old.generation() ? now : old);
            publish(event);
        }
        return event;
    }

    /** The announcement of the pointer's move: the one this instance sent, or one rebuilt from S3. */
    public ModelPromoted eventOf(ChampionPointer pointer) {
        ModelPromoted mine = pending.get(pointer.model());
        return mine != null && mine.generation() == pointer.generation() ? mine : rebuild(pointer, Optional.empty());
    }

    /** After a start: every model's pointer is compared with its last announcement, in the background. */
    public void checkEveryModel() {
        checkAll = true;
    }

    /**
     * One pass over the moves not known to be announced (pending ones, and every model after a start); only a
     * model's latest move is announced. Returns whether none is left.
     */
    public boolean retry() {
        if (checkAll) {
            for (ModelSpec spec : specs.list()) {
                unchecked.add(spec.name());
            }
            checkAll = false;
        }
        Set<String> models = new HashSet<>(unchecked);
        models.addAll(pending.keySet());
        for (String model : models) {
            try {
                Optional<Versioned<ChampionPointer>> pointer = store.readChampion(model);
                if (pointer.isPresent()) {
                    ensureAnnounced(pointer.get().value());
                }
                unchecked.remove(model);
            } catch (AnnouncementException kafkaAway) {
                LOG.warnf("%s: the champion's move is not announced yet (%s); retrying", model,
                        kafkaAway.getMessage());
                return false; // the next models would wait for Kafka too
            } catch (RuntimeException e) {
                LOG.warnf("%s: the champion's move is not checked yet (%s); retrying", model, e.getMessage());
            }
        }
        return unchecked.isEmpty() && pending.isEmpty();
    }

    private void publish(ModelPromoted event) {
        try {
            events.publish(event);
        } catch (AnnouncementException e) {
            onFailure.run();
            throw e;
        }
        acknowledged(event);
    }

    /** Whether the pointer moved on since it was read (the topic was read meanwhile). */
    private boolean moved(ChampionPointer pointer) {
        return store.readChampion(pointer.model()).map(p -> p.value().generation() != pointer.generation())
                .orElse(false);
    }

    private void remember(String model) {
        unchecked.add(model);
        onFailure.run();
    }

    /** The announcement of a move this instance did not see through: from the pointer, its version and the log. */
    private ModelPromoted rebuild(ChampionPointer p, Optional<ModelPromoted> last) {
        versions.find(p.model(), p.version()).orElseThrow(() -> new NotFoundException("Version " + p.version()
                + " of " + p.model() + ", the champion, does not exist."));
        Optional<EvaluationReport> report = versions.report(p.model(), p.version());
        EvaluationMetrics metrics = report.map(r -> r.evaluation().candidate()).orElse(null);
        Integer before = last.filter(l -> l.generation() == p.generation() - 1).map(ModelPromoted::version)
                .orElse(null);
        if (Rollbacks.isRollback(p)) {
            Integer previous = log.find(p.model(), DecisionLog.rollbackId(p.updatedAt(), p.generation()))
                    .map(Decision::previousVersion).orElse(before);
            return event(p, ModelPromoted.Kind.ROLLBACK, Rollbacks.reasonOf(p), previous, metrics);
        }
        String reason = report.map(r -> new Verdict(r.gates()).reason()).orElse(p.reason());
        return event(p, ModelPromoted.Kind.PROMOTION, reason, before, metrics);
    }
}
