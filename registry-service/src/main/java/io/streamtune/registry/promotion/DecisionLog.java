package io.streamtune.registry.promotion;

import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.Rules;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.ConflictException;
import io.streamtune.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The promotion log, durable in the models bucket: one object per decision under {@code <model>/decisions/}, named
 * so that the names sort by time and a re-delivered evaluation maps to the same name. Written only if absent, so
 * it doubles as the record that an evaluation was fully handled. Parsed entries are cached: they never change.
 */
public final class DecisionLog {

    static final String FOLDER = "/decisions/";

    private final ObjectStore objects;
    private final String bucket;
    private final Map<String, Decision> cache = new ConcurrentHashMap<>();

    public DecisionLog(ArtifactStore store) {
        this.objects = store.objects();
        this.bucket = store.settings().modelsBucket();
    }

    /** The log id of an evaluation: its time, then its event id (hashed when not a plain id). */
    public static String idFor(CheckpointEvaluated e) {
        return String.format("%013d-%s", e.occurredAt().toEpochMilli(), safe(e.eventId()));
    }

    /** The log id of a rollback: the pointer's move, so a retried rollback finds the entry its first try wrote. */
    public static String rollbackId(Instant movedAt, long generation) {
        return String.format("%013d-rollback-g%d", movedAt.toEpochMilli(), generation);
    }

    public Optional<Decision> find(String model, String id) {
        String key = key(model, id);
        Decision cached = cache.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        return objects.find(bucket, key).map(v -> remember(key, EventJson.read(v.value(), Decision.class)));
    }

    /** Stores a decision unless one with its id exists; returns the stored one either way. */
    public Decision record(Decision d) {
        String key = key(d.model(), d.id());
        try {
            objects.putIfAbsent(bucket, key, EventJson.write(d));
            return remember(key, d);
        } catch (ConflictException already) {
            return find(d.model(), d.id()).orElse(d);
        }
    }

    /** Newest first. */
    public Page page(String model, int page, int size) {
        List<String> keys = keys(model);
        Collections.reverse(keys);
        int from = Math.min(keys.size(), page * size);
        int to = Math.min(keys.size(), from + size);
        List<Decision> items = new ArrayList<>();
        for (String key : keys.subList(from, to)) {
            read(key).ifPresent(items::add);
        }
        return new Page(model, page, size, keys.size(), items);
    }

    /** The latest {@code limit} decisions, oldest first: a model's metric history. */
    public List<Decision> history(String model, int limit) {
        List<String> keys = keys(model);
        List<Decision> out = new ArrayList<>();
        for (String key : keys.subList(Math.max(0, keys.size() - limit), keys.size())) {
            read(key).ifPresent(out::add);
        }
        return out;
    }

    public record Page(String model, int page, int size, int total, List<Decision> items) {
    }

    private List<String> keys(String model) {
        List<String> keys = new ArrayList<>(objects.list(bucket, model + FOLDER));
        keys.removeIf(k -> !k.endsWith(".json"));
        Collections.sort(keys);
        return keys;
    }

    private Optional<Decision> read(String key) {
        Decision cached = cache.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        return objects.find(bucket, key).map(v -> remember(key, EventJson.read(v.value(), Decision.class)));
    }

    private Decision remember(String key, Decision d) {
        cache.put(key, d);
        return d;
    }

    private static String key(String model, String id) {
        if (!Rules.MODEL_NAME.matcher(model).matches() || !Rules.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Not a decision of a valid model: " + model + "/" + id);
        }
        return model + FOLDER + id + ".json";
    }

    private static String safe(String eventId) {
        if (Rules.ID.matcher(eventId).matches() && eventId.length() <= 100) {
            return eventId;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(eventId.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
