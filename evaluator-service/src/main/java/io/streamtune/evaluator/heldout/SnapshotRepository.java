package io.streamtune.evaluator.heldout;

import io.streamtune.contracts.EventJson;
import io.streamtune.storage.NotFoundException;
import io.streamtune.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Held-out snapshots in S3, in the evaluator's bucket:
 * <pre>
 * &lt;model&gt;/heldout/snapshots/&lt;snapshotId&gt;.json.gz   the examples, immutable
 * &lt;model&gt;/heldout/state.json                        the latest snapshot id, topic offsets and stratum counts
 * </pre>
 * The snapshot is written before the state that names it, so the state never points at a missing snapshot. Only the
 * newest {@code retained} snapshots are kept.
 */
public final class SnapshotRepository {

    private final ObjectStore objects;
    private final String bucket;
    private final int retained;
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    public SnapshotRepository(ObjectStore objects, String bucket, int retained) {
        if (retained < 1) {
            throw new IllegalArgumentException("streamtune.evaluator.heldout.snapshots-retained must be >= 1, got "
                    + retained + ".");
        }
        this.objects = objects;
        this.bucket = bucket;
        this.retained = retained;
    }

    public void ensureBucket() {
        objects.ensureBucket(bucket);
    }

    /** Writes the snapshot (once per id), then the state naming it. */
    public void save(HeldoutStore.Frozen frozen) {
        HeldoutSnapshot snapshot = frozen.snapshot();
        String key = snapshotKey(snapshot.model(), snapshot.id());
        if (written.add(key)) {
            try {
                objects.put(bucket, key, gzip(EventJson.write(snapshot)));
            } catch (RuntimeException e) {
                written.remove(key);
                throw e;
            }
            prune(snapshot.model(), snapshot.sequence());
        }
        objects.put(bucket, stateKey(snapshot.model()), EventJson.write(frozen.state()));
    }

    public Optional<HeldoutState> readState(String model) {
        return objects.find(bucket, stateKey(model)).map(v -> EventJson.read(v.value(), HeldoutState.class));
    }

    /** A stored snapshot; empty when it was pruned or never written. */
    public Optional<HeldoutSnapshot> readSnapshot(String model, String snapshotId) {
        try {
            byte[] data = gunzip(objects.get(bucket, snapshotKey(model, snapshotId)));
            return Optional.of(EventJson.read(data, HeldoutSnapshot.class));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The last saved state and its snapshot. */
    public Optional<HeldoutStore.Frozen> readLatest(String model) {
        return readState(model).flatMap(state -> readSnapshot(model, state.snapshotId())
                .map(s -> new HeldoutStore.Frozen(s, state)));
    }

    public String bucket() {
        return bucket;
    }

    private void prune(String model, long newest) {
        String prefix = model + "/heldout/snapshots/";
        List<String> keys = objects.list(bucket, prefix).stream()
                .sorted(Comparator.comparingLong(SnapshotRepository::sequenceOf)).toList();
        for (String key : keys.subList(0, Math.max(0, keys.size() - retained))) {
            if (sequenceOf(key) < newest) {
                objects.delete(bucket, key);
                written.remove(key);
            }
        }
    }

    static String snapshotKey(String model, String snapshotId) {
        return model + "/heldout/snapshots/" + snapshotId + ".json.gz";
    }

    static String stateKey(String model) {
        return model + "/heldout/state.json";
    }

    private static long sequenceOf(String key) {
        String name = key.substring(key.lastIndexOf("-hs-") + 4, key.length() - ".json.gz".length());
        try {
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] data) {
        try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return z.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("A held-out snapshot in S3 is not gzip JSON: " + e.getMessage(), e);
        }
    }
}
