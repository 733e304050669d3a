package io.streamtune.registry.promotion;

import io.streamtune.contracts.EventJson;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.ConflictException;
import io.streamtune.storage.NotFoundException;
import io.streamtune.storage.ObjectStore;
import io.streamtune.storage.StorageLayout;
import io.streamtune.storage.VersionManifest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A model's versions, read from S3 (cached once read, since a version never changes), and the claims that reserve
 * version numbers for checkpoints before they are copied.
 */
public final class VersionCatalog {

    static final String CLAIMS = "/version-claims/";
    static final int MAX_CLAIM_ATTEMPTS = 20;

    private final ArtifactStore store;
    private final ObjectStore objects;
    private final String bucket;
    private final Map<String, VersionManifest> manifests = new ConcurrentHashMap<>();
    private final Map<String, Optional<EvaluationReport>> reports = new ConcurrentHashMap<>();
    private final Map<String, VersionClaim> claims = new ConcurrentHashMap<>();

    public VersionCatalog(ArtifactStore store) {
        this.store = store;
        this.objects = store.objects();
        this.bucket = store.settings().modelsBucket();
    }

    /** Every complete version, ascending. */
    public List<VersionManifest> list(String model) {
        List<VersionManifest> out = new ArrayList<>();
        for (int n : store.listVersions(model)) {
            find(model, n).ifPresent(out::add);
        }
        return out;
    }

    public Optional<VersionManifest> find(String model, int version) {
        if (version < 1) {
            return Optional.empty();
        }
        String key = model + "/" + version;
        VersionManifest cached = manifests.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<VersionManifest> read = store.readVersion(model, version);
        read.ifPresent(v -> manifests.put(key, v));
        return read;
    }

    /** The version number reserved for a checkpoint, if one is. */
    public Optional<VersionClaim> claimOf(String model, String checkpointId) {
        return claims(model).stream().filter(c -> c.checkpointId().equals(checkpointId)).findFirst();
    }

    /**
     * Reserves the next version number for a checkpoint, or returns the number already reserved for it (possibly by
     * another evaluation: the caller checks {@link VersionClaim#evaluationEventId()}).
     */
    public VersionClaim claim(String model, String checkpointId, String evaluationEventId) {
        for (int attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
            List<VersionClaim> all = claims(model);
            Optional<VersionClaim> existing = all.stream().filter(c -> c.checkpointId().equals(checkpointId))
                    .findFirst();
            if (existing.isPresent()) {
                return existing.get();
            }
            int highest = all.stream().mapToInt(VersionClaim::version).max().orElse(0);
            List<Integer> complete = store.listVersions(model);
            int n = Math.max(highest, complete.isEmpty() ? 0 : complete.get(complete.size() - 1)) + 1;
            try {
                objects.putIfAbsent(bucket, claimKey(model, n), EventJson.write(new VersionClaim(n, checkpointId,
                        evaluationEventId)));
            } catch (ConflictException taken) {
                continue; // another checkpoint, or another instance on this one: list again
            }
            // where conditional writes are not atomic (S3Proxy) a racing claim may have landed on the same number
            VersionClaim stored = readClaim(claimKey(model, n));
            if (stored.checkpointId().equals(checkpointId)) {
                return stored;
            }
        }
        throw new ConflictException("Could not reserve a version number for " + model + "/" + checkpointId
                + " in " + MAX_CLAIM_ATTEMPTS + " attempts.");
    }

    private List<VersionClaim> claims(String model) {
        List<VersionClaim> out = new ArrayList<>();
        for (String key : objects.list(bucket, model + CLAIMS)) {
            if (key.endsWith(".json")) {
                VersionClaim cached = claims.get(key);
                out.add(cached != null ? cached : readClaim(key));
            }
        }
        out.sort(Comparator.comparingInt(VersionClaim::version));
        return out;
    }

    private VersionClaim readClaim(String key) {
        VersionClaim c = EventJson.read(objects.get(bucket, key), VersionClaim.class);
        claims.put(key, c);
        return c;
    }

    private static String claimKey(String model, int n) {
        return StorageLayout.versionsPrefix(model).replace("/versions/", CLAIMS) + n + ".json";
    }

    /** The version's {@code evaluation.json}, when it is one this registry wrote. */
    public Optional<EvaluationReport> report(String model, int version) {
        return reports.computeIfAbsent(model + "/" + version, k -> {
            try {
                return Optional.of(EventJson.read(store.readVersionFile(model, version,
                        VersionManifest.EVALUATION_FILE), EvaluationReport.class));
            } catch (NotFoundException | IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** Whether the version has a file (e.g. the download bundle). */
    public static boolean has(VersionManifest v, String path) {
        return v.files().stream().anyMatch(f -> f.path().equals(path));
    }
}
