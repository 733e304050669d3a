package io.streamtune.storage;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.CheckpointHead;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link ArtifactStore} on any S3 server the MinIO SDK speaks to (MinIO, S3Proxy, AWS S3). */
public final class S3ArtifactStore implements ArtifactStore {

    /** Claims racing for one head: each loser reads the winner's and tries one generation further. */
    private static final int CLAIM_ATTEMPTS = 5;

    /** Files of one checkpoint or version uploaded (or copied) at once: each is one request, most of it waiting. */
    private static final int TRANSFERS = 4;

    private final S3Settings settings;
    private final ObjectStore objects;
    private final java.util.concurrent.ExecutorService transfers;

    public S3ArtifactStore(S3Settings settings) {
        this.settings = settings;
        this.objects = new ObjectStore(settings);
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        this.transfers = java.util.concurrent.Executors.newFixedThreadPool(TRANSFERS, r -> {
            Thread t = new Thread(r, "streamtune-s3-transfer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code tasks} on the transfer threads and returns their results in order, once every one has ended (so
     * nothing is still uploading when a caller cleans up after a failure); the first failure is rethrown as it was.
     */
    private <T> List<T> inParallel(List<java.util.concurrent.Callable<T>> tasks) {
        if (tasks.size() <= 1) {
            List<T> out = new ArrayList<>();
            for (java.util.concurrent.Callable<T> task : tasks) {
                out.add(call(task));
            }
            return out;
        }
        List<java.util.concurrent.Future<T>> futures = new ArrayList<>();
        for (java.util.concurrent.Callable<T> task : tasks) {
            futures.add(transfers.submit(() -> call(task)));
        }
        List<T> out = new ArrayList<>();
        RuntimeException failure = null;
        for (java.util.concurrent.Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                        : new StorageException(e.getCause().getMessage(), e.getCause());
                failure = failure == null ? cause : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(x -> x.cancel(true));
                throw new StorageException("Interrupted while transferring files", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    private static <T> T call(java.util.concurrent.Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    @Override
    public void ensureBuckets() {
        objects.ensureBucket(settings.checkpointsBucket());
        objects.ensureBucket(settings.modelsBucket());
    }

    @Override
    public CheckpointManifest writeCheckpoint(CheckpointManifest draft, Path dir) {
        String lineage = io.streamtune.contracts.Variant.lineage(draft.model(), draft.variant());
        String prefix = StorageLayout.checkpointPrefix(lineage, draft.checkpointId());
        if (objects.exists(settings.checkpointsBucket(), prefix + CheckpointManifest.FILE_NAME)) {
            throw new ConflictException("Checkpoint " + lineage + "/" + draft.checkpointId()
                    + " already exists; checkpoints are immutable.");
        }
        List<java.util.concurrent.Callable<CheckpointManifest.FileEntry>> uploads = new ArrayList<>();
        for (Path file : regularFiles(dir)) {
            String rel = dir.relativize(file).toString().replace('\\', '/');
            if (rel.equals(CheckpointManifest.FILE_NAME)) {
                continue; // the manifest is ours to write, last
            }
            uploads.add(() -> {
                objects.putFile(settings.checkpointsBucket(), prefix + rel, file);
                return new CheckpointManifest.FileEntry(rel, size(file), sha256(file));
            });
        }
        List<CheckpointManifest.FileEntry> files = inParallel(uploads);
        CheckpointManifest manifest = new CheckpointManifest(draft.schemaVersion(), draft.model(),
                draft.checkpointId(), draft.parentCheckpointId(), draft.createdAt(), draft.step(),
                draft.examplesSeen(), draft.fromOffsets(), draft.offsets(), draft.maxEventTime(),
                draft.trainingLoss(), draft.baseModel(), draft.fineTuneMode(), draft.labels(), draft.replay(), files,
                draft.variant(), draft.family(), draft.cost());
        objects.putIfAbsent(settings.checkpointsBucket(), prefix + CheckpointManifest.FILE_NAME,
                EventJson.write(manifest));
        return manifest;
    }

    @Override
    public void putBase(String sha256, Path file) {
        String key = StorageLayout.baseKey(sha256);
        if (objects.exists(settings.checkpointsBucket(), key)) {
            return;
        }
        String actual = sha256(file);
        if (!actual.equals(sha256)) {
            throw new IllegalArgumentException("Base weights " + file + " hash to " + actual + ", not " + sha256 + ".");
        }
        objects.putFile(settings.checkpointsBucket(), key, file);
    }

    @Override
    public Path base(String sha256, Path cacheDir) {
        String key = StorageLayout.baseKey(sha256);
        Path target = cacheDir.resolve(key.substring(key.lastIndexOf('/') + 1));
        if (Files.isRegularFile(target)) {
            return target;
        }
        Path tmp = null;
        try {
            Files.createDirectories(cacheDir);
            tmp = Files.createTempFile(cacheDir, "base-", ".part");
            objects.download(settings.checkpointsBucket(), key, tmp);
            String actual = sha256(tmp);
            if (!actual.equals(sha256)) {
                throw new CorruptArtifactException("Base weights " + key + " hash to " + actual + ", not " + sha256
                        + ".");
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (NotFoundException e) {
            throw new NotFoundException("Base weights " + sha256 + " are not in the checkpoints bucket ("
                    + settings.checkpointsBucket() + "/" + key + "); a delta checkpoint refers to them.");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot fetch base weights " + sha256 + " into " + cacheDir, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // a stray .part file is overwritten by no one and harmless
                }
            }
        }
    }

    @Override
    public Optional<CheckpointManifest> readManifest(String model, String checkpointId) {
        return objects.find(settings.checkpointsBucket(), StorageLayout.manifestKey(model, checkpointId))
                .map(v -> parse(v.value(), CheckpointManifest.class, model + "/" + checkpointId + "/manifest.json"));
    }

    @Override
    public List<CheckpointManifest> listCheckpoints(String model) {
        String prefix = StorageLayout.checkpointsPrefix(model);
        List<CheckpointManifest> out = new ArrayList<>();
        for (String key : objects.list(settings.checkpointsBucket(), prefix)) {
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.substring(slash + 1).equals(CheckpointManifest.FILE_NAME)) {
                readManifest(model, rest.substring(0, slash)).ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparingLong(CheckpointManifest::step).thenComparing(CheckpointManifest::createdAt));
        return out;
    }

    @Override
    public List<CheckpointFolder> listCheckpointFolders(String model) {
        String prefix = StorageLayout.checkpointsPrefix(model);
        Map<String, CheckpointFolder> folders = new java.util.TreeMap<>();
        for (StoredObject o : objects.listObjects(settings.checkpointsBucket(), prefix)) {
            String rest = o.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                continue; // head.json
            }
            String id = rest.substring(0, slash);
            boolean manifest = rest.substring(slash + 1).equals(CheckpointManifest.FILE_NAME);
            folders.merge(id, new CheckpointFolder(id, manifest, o.lastModified()), (a, b) -> new CheckpointFolder(id,
                    a.complete() || b.complete(), a.lastWritten().isAfter(b.lastWritten()) ? a.lastWritten()
                            : b.lastWritten()));
        }
        return List.copyOf(folders.values());
    }

    @Override
    public CheckpointManifest downloadCheckpoint(String model, String checkpointId, Path dir) {
        return downloadCheckpoint(model, checkpointId, dir, path -> true);
    }

    @Override
    public CheckpointManifest downloadCheckpoint(String model, String checkpointId, Path dir,
            java.util.function.Predicate<String> which) {
        CheckpointManifest manifest = readManifest(model, checkpointId).orElseThrow(() -> new NotFoundException(
                "Checkpoint " + model + "/" + checkpointId + " does not exist (no manifest)."));
        downloadAll(settings.checkpointsBucket(), StorageLayout.checkpointPrefix(model, checkpointId),
                manifest.files().stream().filter(f -> which.test(f.path())).toList(), dir,
                "Checkpoint " + model + "/" + checkpointId);
        return manifest;
    }

    @Override
    public VersionManifest downloadVersion(String model, int version, Path dir) {
        return downloadVersion(model, version, dir, path -> true);
    }

    @Override
    public VersionManifest downloadVersion(String model, int version, Path dir,
            java.util.function.Predicate<String> which) {
        VersionManifest manifest = readVersion(model, version).orElseThrow(() -> new NotFoundException(
                "Version " + version + " of " + model + " does not exist."));
        downloadAll(settings.modelsBucket(), StorageLayout.versionPrefix(model, version), manifest.files().stream()
                .filter(f -> which.test(f.path())).toList(), dir, "Version " + model + "/" + version);
        return manifest;
    }

    private void downloadAll(String bucket, String prefix, List<CheckpointManifest.FileEntry> files, Path dir,
            String what) {
        for (CheckpointManifest.FileEntry f : files) {
            Path target = dir.resolve(f.path()).normalize();
            if (!target.startsWith(dir.normalize())) {
                throw new CorruptArtifactException(what + " names a file outside it: " + f.path());
            }
            try {
                Files.createDirectories(target.getParent());
                objects.download(bucket, prefix + f.path(), target);
            } catch (NotFoundException e) {
                throw new CorruptArtifactException(what + " is missing " + f.path() + " named in its manifest.");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            verify(target, f, what);
        }
    }

    @Override
    public URI checkpointUri(String model, String checkpointId) {
        return URI.create("s3://" + settings.checkpointsBucket() + "/"
                + StorageLayout.checkpointPrefix(model, checkpointId));
    }

    @Override
    public VersionManifest createVersion(String model, String variant, int version, String checkpointId,
            byte[] evaluationReport, Map<String, Path> extraFiles) {
        String versionPrefix = StorageLayout.versionPrefix(model, version);
        if (objects.exists(settings.modelsBucket(), versionPrefix + VersionManifest.FILE_NAME)) {
            throw new ConflictException("Version " + version + " of " + model + " already exists; versions are "
                    + "immutable.");
        }
        String lineage = io.streamtune.contracts.Variant.lineage(model, variant);
        CheckpointManifest manifest = readManifest(lineage, checkpointId).orElseThrow(() -> new NotFoundException(
                "Checkpoint " + lineage + "/" + checkpointId + " does not exist (no manifest)."));
        String from = StorageLayout.checkpointPrefix(lineage, checkpointId);
        List<CheckpointManifest.FileEntry> files = new ArrayList<>(manifest.files());
        files.add(new CheckpointManifest.FileEntry(VersionManifest.EVALUATION_FILE, evaluationReport.length,
                sha256(evaluationReport)));
        for (String extra : new java.util.TreeSet<>(extraFiles.keySet())) {
            if (extra.equals(VersionManifest.FILE_NAME) || files.stream().anyMatch(f -> f.path().equals(extra))) {
                throw new IllegalArgumentException("Extra version file " + extra + " collides with a file "
                        + "of version " + version + " of " + model + ".");
            }
        }
        // every file of the version at once (server-side copies and uploads), version.json only after all of them
        List<java.util.concurrent.Callable<CheckpointManifest.FileEntry>> work = new ArrayList<>();
        for (CheckpointManifest.FileEntry f : manifest.files()) {
            work.add(() -> {
                objects.copy(settings.checkpointsBucket(), from + f.path(), settings.modelsBucket(),
                        versionPrefix + f.path());
                return null;
            });
        }
        work.add(() -> {
            objects.put(settings.modelsBucket(), versionPrefix + VersionManifest.EVALUATION_FILE, evaluationReport);
            return null;
        });
        for (Map.Entry<String, Path> extra : new java.util.TreeMap<>(extraFiles).entrySet()) {
            work.add(() -> {
                objects.putFile(settings.modelsBucket(), versionPrefix + extra.getKey(), extra.getValue());
                return new CheckpointManifest.FileEntry(extra.getKey(), size(extra.getValue()),
                        sha256(extra.getValue()));
            });
        }
        inParallel(work).stream().filter(java.util.Objects::nonNull).forEach(files::add);
        VersionManifest vm = new VersionManifest(1, model, version, checkpointId, Instant.now(), manifest, files);
        objects.putIfAbsent(settings.modelsBucket(), versionPrefix + VersionManifest.FILE_NAME, EventJson.write(vm));
        return vm;
    }

    @Override
    public Optional<VersionManifest> readVersion(String model, int version) {
        return objects.find(settings.modelsBucket(), StorageLayout.versionPrefix(model, version)
                + VersionManifest.FILE_NAME).map(v -> parse(v.value(), VersionManifest.class,
                        model + " version " + version));
    }

    @Override
    public List<Integer> listVersions(String model) {
        String prefix = StorageLayout.versionsPrefix(model);
        List<Integer> out = new ArrayList<>();
        for (String key : objects.list(settings.modelsBucket(), prefix)) {
            String rest = key.substring(prefix.length());
            if (rest.matches("[0-9]{1,9}/" + VersionManifest.FILE_NAME.replace(".", "\\."))) {
                out.add(Integer.parseInt(rest.substring(0, rest.indexOf('/'))));
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    @Override
    public byte[] readVersionFile(String model, int version, String path) {
        return objects.get(settings.modelsBucket(), versionFileKey(model, version, path));
    }

    @Override
    public URI presignVersionFile(String model, int version, String path, Duration ttl) {
        return objects.presignedGet(settings.modelsBucket(), versionFileKey(model, version, path), ttl);
    }

    private static String versionFileKey(String model, int version, String path) {
        new CheckpointManifest.FileEntry(path.equals(CheckpointManifest.FILE_NAME) ? "x" : path, 0, ""); // no '..'
        return StorageLayout.versionPrefix(model, version) + path;
    }

    @Override
    public Optional<Versioned<CheckpointHead>> readHead(String model) {
        return objects.find(settings.checkpointsBucket(), StorageLayout.headKey(model))
                .map(v -> new Versioned<>(parse(v.value(), CheckpointHead.class, model + " checkpoint head"),
                        v.etag()));
    }

    @Override
    public Versioned<CheckpointHead> claimHead(String model, String owner) {
        ConflictException lost = null;
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            Optional<Versioned<CheckpointHead>> current = readHead(model);
            CheckpointHead next = current.map(h -> h.value().claimedBy(owner)).orElseGet(() -> new CheckpointHead(0,
                    model, 1, owner, newestComplete(model), null));
            try {
                return swapHead(model, current.map(Versioned::etag), next);
            } catch (ConflictException e) {
                lost = e; // another claim landed in between: read it and go one generation further
            }
        }
        throw lost;
    }

    /** Before heads existed the newest complete checkpoint was the latest; a model's first claim keeps it. */
    private String newestComplete(String model) {
        List<CheckpointManifest> all = listCheckpoints(model);
        return all.isEmpty() ? null : all.get(all.size() - 1).checkpointId();
    }

    @Override
    public Versioned<CheckpointHead> advanceHead(Versioned<CheckpointHead> held, String checkpointId) {
        CheckpointHead h = held.value();
        if (readManifest(h.model(), checkpointId).isEmpty()) {
            throw new NotFoundException("Checkpoint " + h.model() + "/" + checkpointId + " is not complete (no "
                    + "manifest); the head only names complete checkpoints.");
        }
        CheckpointHead next = h.movedTo(checkpointId);
        try {
            return swapHead(h.model(), Optional.of(held.etag()), next);
        } catch (ConflictException e) {
            Versioned<CheckpointHead> now = readHead(h.model()).orElseThrow(() -> e);
            CheckpointHead c = now.value();
            if (c.generation() == h.generation() && c.owner().equals(h.owner())) {
                // our own earlier write landed though its answer was lost: still ours, move on from it
                return swapHead(h.model(), Optional.of(now.etag()), next);
            }
            throw new FencedException("Checkpoint head of " + h.model() + " is at generation " + c.generation()
                    + " (owner " + c.owner() + "), not " + h.generation() + " (owner " + h.owner() + "): the model was "
                    + "taken over, checkpoint " + checkpointId + " stays invisible.", h.generation(), c.generation(),
                    c.owner());
        }
    }

    /**
     * Compare-and-swap of a head, then a read-back: on servers whose conditional writes are not atomic (S3Proxy) a
     * racing writer may land after us, and only the writer whose head is there wins.
     */
    private Versioned<CheckpointHead> swapHead(String model, Optional<String> expectedEtag, CheckpointHead next) {
        String key = StorageLayout.headKey(model);
        byte[] body = EventJson.write(next);
        if (expectedEtag.isPresent()) {
            objects.putIfMatch(settings.checkpointsBucket(), key, body, expectedEtag.get());
        } else {
            objects.putIfAbsent(settings.checkpointsBucket(), key, body);
        }
        Versioned<CheckpointHead> now = readHead(model).orElseThrow(() -> new ConflictException(
                "Checkpoint head of " + model + " vanished after the write."));
        if (!now.value().equals(next)) {
            throw new ConflictException("Checkpoint head of " + model + " was moved concurrently (generation "
                    + now.value().generation() + ", owner " + now.value().owner() + ").");
        }
        return now;
    }

    @Override
    public void deleteInvisibleCheckpoint(String model, String checkpointId) {
        Optional<Versioned<CheckpointHead>> head = readHead(model);
        if (head.isPresent() && checkpointId.equals(head.get().value().checkpointId())) {
            throw new ConflictException("Checkpoint " + model + "/" + checkpointId + " is the model's head; only an "
                    + "invisible checkpoint may be removed.");
        }
        String prefix = StorageLayout.checkpointPrefix(model, checkpointId);
        // the manifest first: from then on nothing lists or restores it, whatever else a failure leaves behind
        objects.delete(settings.checkpointsBucket(), prefix + CheckpointManifest.FILE_NAME);
        for (String key : objects.list(settings.checkpointsBucket(), prefix)) {
            objects.delete(settings.checkpointsBucket(), key);
        }
    }

    @Override
    public Optional<Versioned<ChampionPointer>> readChampion(String model) {
        return objects.find(settings.modelsBucket(), StorageLayout.championKey(model))
                .map(v -> new Versioned<>(parse(v.value(), ChampionPointer.class, model + " champion pointer"),
                        v.etag()));
    }

    @Override
    public ChampionPointer moveChampion(String model, Optional<Versioned<ChampionPointer>> expected, int version,
            String writer, String reason) {
        VersionManifest target = readVersion(model, version).orElseThrow(() -> new NotFoundException(
                "Version " + version + " of " + model + " is not complete (no version.json); the champion pointer "
                        + "only names complete versions."));
        String variant = target.checkpoint() == null ? null : target.checkpoint().variant();
        io.streamtune.contracts.ModelFamily family = target.checkpoint() == null ? null : target.checkpoint().family();
        ChampionPointer next = expected.map(e -> e.value().next(version, target.checkpointId(), writer, reason,
                variant, family)).orElseGet(() -> new ChampionPointer(0, model, version, target.checkpointId(), 1,
                        null, writer, reason, null, variant, family));
        String key = StorageLayout.championKey(model);
        byte[] body = EventJson.write(next);
        if (expected.isPresent()) {
            objects.putIfMatch(settings.modelsBucket(), key, body, expected.get().etag());
        } else {
            objects.putIfAbsent(settings.modelsBucket(), key, body);
        }
        // Read-back: on servers whose conditional writes are not atomic (S3Proxy), a racing writer may have landed
        // after us; only the writer whose pointer is there reports success.
        ChampionPointer now = readChampion(model).map(Versioned::value).orElseThrow(() -> new ConflictException(
                "Champion pointer of " + model + " vanished after the write."));
        if (!now.equals(next)) {
            throw new ConflictException("Champion pointer of " + model + " was moved concurrently to version "
                    + now.version() + " (generation " + now.generation() + ").");
        }
        return next;
    }

    @Override
    public ObjectStore objects() {
        return objects;
    }

    @Override
    public S3Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        transfers.shutdownNow();
        objects.close();
    }

    private static <T> T parse(byte[] json, Class<T> type, String what) {
        try {
            return EventJson.read(json, type);
        } catch (IllegalArgumentException e) {
            throw new CorruptArtifactException("Cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    private static void verify(Path file, CheckpointManifest.FileEntry expected, String where) {
        long size = size(file);
        if (size != expected.size()) {
            throw new CorruptArtifactException(where + ": " + expected.path() + " has " + size + " bytes, its manifest "
                    + "says " + expected.size() + ".");
        }
        String sha = sha256(file);
        if (!sha.equals(expected.sha256())) {
            throw new CorruptArtifactException(where + ": " + expected.path() + " has SHA-256 " + sha
                    + ", its manifest says " + expected.sha256() + ".");
        }
    }

    private static List<Path> regularFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list checkpoint folder " + dir, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

}
