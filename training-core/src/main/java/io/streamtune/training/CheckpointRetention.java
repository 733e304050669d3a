package io.streamtune.training;

import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.Rules;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.CheckpointFolder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Removes the checkpoints of a model that nothing needs any more, each time its owner moved the head: all but the last
 * {@code keepLast} on the head's lineage, the sources of the registry's versions, and whatever was written within the
 * grace period (the evaluator and the registry may still read a checkpoint the head just left; a folder without a
 * manifest may be an upload under way). Older folders without a manifest are what failed or crashed attempts left.
 * A checkpoint refers to no other checkpoint's files: delta checkpoints refer only to base weights in {@code _bases/},
 * by content hash, which this never touches. Training thread only.
 */
final class CheckpointRetention {

    private static final Logger LOG = Logger.getLogger(CheckpointRetention.class);
    /** The trainer's own checkpoint ids; a folder without a manifest is removed only under such a name. */
    private static final String ID_PREFIX = "ck-";

    private final ArtifactStore store;
    private final String model;
    private final RetentionPolicy policy;
    /** Manifests read or written, by id: immutable, so read once. */
    private final Map<String, CheckpointManifest> manifests = new HashMap<>();
    /** Version number to the checkpoint it copies: versions are immutable, so each is read once. */
    private final Map<Integer, String> versionSources = new HashMap<>();

    CheckpointRetention(ArtifactStore store, String model, RetentionPolicy policy) {
        this.store = store;
        this.model = model;
        this.policy = policy;
    }

    /** A manifest this loop wrote: the lineage walk needs not read it back. */
    void written(CheckpointManifest manifest) {
        manifests.put(manifest.checkpointId(), manifest);
    }

    /**
     * Removes what the policy lets go, now that the head names {@code headId}.
     *
     * @return the ids removed, oldest first
     */
    List<String> afterHeadMoved(String headId, Instant now) {
        if (!policy.enabled() || store == null || headId == null) {
            return List.of();
        }
        Instant cutoff = now.minus(policy.grace());
        List<String> candidates = new ArrayList<>();
        for (CheckpointFolder f : store.listCheckpointFolders(model)) {
            if (!f.checkpointId().equals(headId) && f.lastWritten().isBefore(cutoff)
                    && (f.complete() || f.checkpointId().startsWith(ID_PREFIX))
                    && Rules.ID.matcher(f.checkpointId()).matches()) {
                candidates.add(f.checkpointId());
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        Set<String> keep = lineage(headId);
        keep.addAll(versionSources());
        List<String> removed = new ArrayList<>();
        for (String id : candidates) {
            if (!keep.contains(id)) {
                store.deleteInvisibleCheckpoint(model, id);
                manifests.remove(id);
                removed.add(id);
            }
        }
        if (!removed.isEmpty()) {
            LOG.infof("%s: retention removed %d checkpoint(s) %s (keeping the last %d on the lineage of %s, version "
                    + "sources and anything younger than %s)", model, removed.size(), removed, policy.keepLast(),
                    headId, policy.grace());
        }
        return removed;
    }

    /** The head and its ancestors, {@code keepLast} in all (fewer where the chain ends). */
    private Set<String> lineage(String headId) {
        Set<String> ids = new HashSet<>();
        for (String id = headId; id != null && ids.size() < policy.keepLast(); ) {
            ids.add(id);
            CheckpointManifest m = manifest(id);
            id = m == null ? null : m.parentCheckpointId();
        }
        return ids;
    }

    private CheckpointManifest manifest(String id) {
        CheckpointManifest m = manifests.get(id);
        if (m == null) {
            m = store.readManifest(model, id).orElse(null);
            if (m != null) {
                manifests.put(id, m);
            }
        }
        return m;
    }

    /** The checkpoints the registry's versions were copied from. */
    private Set<String> versionSources() {
        for (int v : store.listVersions(model)) {
            if (!versionSources.containsKey(v)) {
                store.readVersion(model, v).ifPresent(vm -> versionSources.put(v, vm.checkpointId()));
            }
        }
        return new HashSet<>(versionSources.values());
    }
}
