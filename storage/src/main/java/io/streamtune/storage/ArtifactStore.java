package io.streamtune.storage;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.CheckpointHead;
import io.streamtune.contracts.CheckpointManifest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Streamtune object layout: checkpoints whose manifest is written last, immutable model versions, and a
 * champion pointer that moves only by compare-and-swap with a growing generation.
 *
 * <p>What keeps the pointer safe, per server. MinIO's conditional writes are atomic, so a compare-and-swap has
 * exactly one winner. S3Proxy honours If-Match / If-None-Match one call at a time but not under concurrency (two
 * racing writers with the same ETag can both succeed). On every server, safety rests on three things together: (1)
 * one writer per model — only the registry instance that owns the model's partition of {@code
 * streamtune.evaluations} moves its pointer, so writers race only during a partition hand-over; (2) the conditional
 * write; (3) the fencing generation — a move writes the generation it read + 1, a stale writer's If-Match fails,
 * and a racing writer that loses on read-back reports a conflict — so the pointer never goes back to an older
 * generation, and it never names a version whose {@code version.json} is absent.
 */
public interface ArtifactStore extends AutoCloseable {

    /** Creates the buckets when missing. */
    void ensureBuckets();

    /**
     * Uploads every regular file under {@code dir} into {@code <model>/<checkpointId>/}, then the manifest (the given
     * draft with each file's size and SHA-256), last. Returns the manifest as written.
     */
    CheckpointManifest writeCheckpoint(CheckpointManifest draft, Path dir);

    /**
     * Stores the pretrained weights delta checkpoints refer to: {@code file}, whose bytes hash to {@code sha256},
     * under {@code _bases/<sha256>.safetensors} in the checkpoints bucket, unless it is there already (content
     * addressed, so never replaced). A trainer stores its base before the first checkpoint that refers to it.
     */
    void putBase(String sha256, Path file);

    /**
     * The local file of base weights {@code sha256} in {@code cacheDir} ({@code <sha256>.safetensors}), downloaded and
     * verified against its SHA-256 the first time.
     *
     * @throws NotFoundException when the store has no such base
     * @throws CorruptArtifactException when the stored bytes do not hash to {@code sha256}
     */
    Path base(String sha256, Path cacheDir);

    /** The manifest of a complete checkpoint; empty when it does not exist (no manifest yet). */
    Optional<CheckpointManifest> readManifest(String model, String checkpointId);

    /** Every complete checkpoint of a model, by step then creation time. */
    List<CheckpointManifest> listCheckpoints(String model);

    /**
     * Every folder under {@code <model>/} in the checkpoints bucket, complete checkpoints and folders without a
     * manifest alike, by id; for retention, which also removes the partial uploads of failed attempts.
     */
    List<CheckpointFolder> listCheckpointFolders(String model);

    /**
     * The newest visible checkpoint: the one the model's head names. A model with no head yet (written before heads
     * existed) has its newest complete checkpoint; a checkpoint whose head move was refused (a fenced trainer's) is
     * never the latest.
     */
    default Optional<CheckpointManifest> latestCheckpoint(String model) {
        Optional<Versioned<CheckpointHead>> head = readHead(model);
        if (head.isPresent()) {
            String id = head.get().value().checkpointId();
            return id == null ? Optional.empty() : readManifest(model, id);
        }
        List<CheckpointManifest> all = listCheckpoints(model);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The model's checkpoint head with its ETag; empty before the model was first claimed. */
    Optional<Versioned<CheckpointHead>> readHead(String model);

    /**
     * Takes a model's checkpoints over for {@code owner}: the head one generation on, by compare-and-swap (a head
     * that moved in between is read again, a few times). The first claim of a model names its newest complete
     * checkpoint (one written before heads existed), if any. From now on only {@code owner}, through
     * {@link #advanceHead}, makes checkpoints visible.
     *
     * @return the head as claimed, with its ETag: what {@link #advanceHead} checks against
     * @throws ConflictException when other claims keep winning the race
     */
    Versioned<CheckpointHead> claimHead(String model, String owner);

    /**
     * Makes a complete checkpoint visible: moves the head to it, if the head is still the one {@code held} (same
     * generation). A write whose answer was lost and which did land is recognised as the holder's own.
     *
     * @return the head as moved, for the next call
     * @throws FencedException when another trainer claimed the model since: the checkpoint stays invisible
     * @throws NotFoundException when the checkpoint has no manifest
     */
    Versioned<CheckpointHead> advanceHead(Versioned<CheckpointHead> held, String checkpointId);

    /**
     * Removes a checkpoint the head does not name: one that never became visible (its head move was refused), one the
     * head moved past (retention) or a folder without a manifest. The manifest goes first, so no reader ever finds a
     * manifest whose files are gone. Refuses, with {@link ConflictException}, the checkpoint the head names.
     */
    void deleteInvisibleCheckpoint(String model, String checkpointId);

    /**
     * Downloads a complete checkpoint into {@code dir}, verifying every file's size and SHA-256.
     *
     * @throws NotFoundException when it has no manifest
     * @throws CorruptArtifactException when a file is missing or differs from the manifest
     */
    CheckpointManifest downloadCheckpoint(String model, String checkpointId, Path dir);

    /**
     * As {@link #downloadCheckpoint(String, String, Path)}, only the files whose path {@code which} accepts (a
     * version's download bundle needs the model's files, not the trainer's optimizer state or replay buffer).
     */
    CheckpointManifest downloadCheckpoint(String model, String checkpointId, Path dir,
            java.util.function.Predicate<String> which);

    /** The {@code s3://bucket/prefix/} URI of a checkpoint. */
    URI checkpointUri(String model, String checkpointId);

    /**
     * Copies a complete checkpoint into {@code <model>/versions/<version>/} with the evaluation report, then writes
     * {@code version.json} only if absent.
     *
     * @throws ConflictException when the version already exists: versions are immutable
     */
    default VersionManifest createVersion(String model, int version, String checkpointId, byte[] evaluationReport) {
        return createVersion(model, version, checkpointId, evaluationReport, Map.of());
    }

    /**
     * As {@link #createVersion(String, int, String, byte[])}, plus files the caller derived from the checkpoint (e.g.
     * a single download bundle), uploaded after the copies and the evaluation report and before {@code version.json},
     * which lists them with their size and SHA-256.
     *
     * @param extraFiles path in the version folder to local file; must not collide with the checkpoint's files,
     *     {@link VersionManifest#EVALUATION_FILE} or {@link VersionManifest#FILE_NAME}
     */
    default VersionManifest createVersion(String model, int version, String checkpointId, byte[] evaluationReport,
            Map<String, Path> extraFiles) {
        return createVersion(model, null, version, checkpointId, evaluationReport, extraFiles);
    }

    /**
     * As {@link #createVersion(String, int, String, byte[], Map)}, from a checkpoint of the model's {@code variant}
     * (its lineage, {@link io.streamtune.contracts.Variant#lineage}; null: the primary variant). The version belongs
     * to the model whichever variant trained it.
     */
    VersionManifest createVersion(String model, String variant, int version, String checkpointId,
            byte[] evaluationReport, Map<String, Path> extraFiles);

    Optional<VersionManifest> readVersion(String model, int version);

    /** Numbers of the complete versions of a model, ascending. */
    List<Integer> listVersions(String model);

    /**
     * Downloads a complete version's files (the checkpoint's files and the evaluation report) into {@code dir},
     * verifying each against {@code version.json}.
     */
    VersionManifest downloadVersion(String model, int version, Path dir);

    /**
     * As {@link #downloadVersion(String, int, Path)}, only the files whose path {@code which} accepts (a scorer needs
     * the model's files, not the zip, the serving export or the trainer's state).
     */
    VersionManifest downloadVersion(String model, int version, Path dir, java.util.function.Predicate<String> which);

    /** One file stored with a version (e.g. {@link VersionManifest#EVALUATION_FILE}). */
    byte[] readVersionFile(String model, int version, String path);

    /** A presigned GET URL for one file of a version. */
    URI presignVersionFile(String model, int version, String path, Duration ttl);

    Optional<Versioned<ChampionPointer>> readChampion(String model);

    /**
     * Moves the champion to a complete version, by compare-and-swap against {@code expected} (empty: there must be no
     * pointer yet), writing the expected generation + 1.
     *
     * @throws ConflictException when the pointer moved since {@code expected} was read
     * @throws NotFoundException when the version is not complete
     */
    ChampionPointer moveChampion(String model, Optional<Versioned<ChampionPointer>> expected, int version,
            String writer, String reason);

    /** The low-level store, for services that keep objects of their own (held-out snapshots, reports). */
    ObjectStore objects();

    S3Settings settings();

    @Override
    void close();
}
