package io.streamtune.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.FineTuneMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreIT {

    S3ArtifactStore store;
    @TempDir
    Path tmp;

    @BeforeEach
    void open() {
        store = new S3ArtifactStore(StoreFixture.freshBuckets());
        store.ensureBuckets();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static CheckpointManifest draft(String id, long step) {
        return new CheckpointManifest(0, "spam", id, null, null, step, step * 16, Map.of(0, 0L), Map.of(0, step * 16),
                null, 0.5, "all-minilm-l6-v2", FineTuneMode.TOP_K, List.of("ham", "spam"), null, null);
    }

    Path checkpointDir(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("weights.bin"), "weights of " + name);
        Files.createDirectories(dir.resolve("replay"));
        Files.writeString(dir.resolve("replay/buffer.bin"), "buffer of " + name);
        return dir;
    }

    @Test
    void checkpointRoundTripsWithVerifiedFiles() throws IOException {
        CheckpointManifest written = store.writeCheckpoint(draft("ck-1", 10), checkpointDir("a"));
        assertThat(written.files()).extracting(CheckpointManifest.FileEntry::path)
                .containsExactly("replay/buffer.bin", "weights.bin");

        Path back = tmp.resolve("back");
        CheckpointManifest read = store.downloadCheckpoint("spam", "ck-1", back);
        assertThat(read).isEqualTo(written);
        assertThat(Files.readString(back.resolve("replay/buffer.bin"))).isEqualTo("buffer of a");

        // only the files asked for (a version's bundle leaves the trainer's state behind), still verified
        Path some = tmp.resolve("some");
        assertThat(store.downloadCheckpoint("spam", "ck-1", some, path -> !path.startsWith("replay/")))
                .isEqualTo(written);
        assertThat(Files.readString(some.resolve("weights.bin"))).isEqualTo("weights of a");
        assertThat(some.resolve("replay")).doesNotExist();
        assertThat(store.checkpointUri("spam", "ck-1").toString())
                .isEqualTo("s3://" + store.settings().checkpointsBucket() + "/spam/ck-1/");
    }

    @Test
    void baseWeightsAreStoredOnceByContentAndFetchedVerified() throws IOException {
        Path file = Files.writeString(tmp.resolve("base.safetensors"), "pretrained weights");
        String sha = S3ArtifactStore.sha256(file);
        assertThatThrownBy(() -> store.base(sha, tmp.resolve("cache")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(sha);
        assertThatThrownBy(() -> store.putBase("0".repeat(64), file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(sha);

        store.putBase(sha, file);
        store.putBase(sha, file); // content addressed: a second put is a no-op
        String key = StorageLayout.baseKey(sha);
        assertThat(store.objects().list(store.settings().checkpointsBucket(), "_bases/")).containsExactly(key);
        assertThat(store.listCheckpoints("spam")).isEmpty();

        Path cached = store.base(sha, tmp.resolve("cache"));
        assertThat(cached.getFileName().toString()).isEqualTo(sha + ".safetensors");
        assertThat(Files.readString(cached)).isEqualTo("pretrained weights");
        assertThat(store.base(sha, tmp.resolve("cache"))).isEqualTo(cached);
        try (var files = Files.list(tmp.resolve("cache"))) {
            assertThat(files.toList()).containsExactly(cached); // no partial downloads left
        }

        // bytes changed in the bucket are refused, not cached
        String other = "f".repeat(64);
        store.objects().put(store.settings().checkpointsBucket(), StorageLayout.baseKey(other),
                "not those bytes".getBytes());
        assertThatThrownBy(() -> store.base(other, tmp.resolve("cache")))
                .isInstanceOf(CorruptArtifactException.class).hasMessageContaining(other);
        assertThat(tmp.resolve("cache").resolve(other + ".safetensors")).doesNotExist();
        assertThatThrownBy(() -> StorageLayout.baseKey("../spam"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCheckpointWithoutItsManifestDoesNotExist() throws IOException {
        store.writeCheckpoint(draft("ck-1", 10), checkpointDir("a"));
        // a trainer that crashed after uploading its files but before the manifest
        store.objects().putFile(store.settings().checkpointsBucket(), "spam/ck-2/weights.bin",
                checkpointDir("b").resolve("weights.bin"));

        assertThat(store.readManifest("spam", "ck-2")).isEmpty();
        assertThat(store.listCheckpoints("spam")).extracting(CheckpointManifest::checkpointId).containsExactly("ck-1");
        assertThat(store.latestCheckpoint("spam")).map(CheckpointManifest::checkpointId).contains("ck-1");
        assertThatThrownBy(() -> store.downloadCheckpoint("spam", "ck-2", tmp.resolve("x")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no manifest");
        assertThatThrownBy(() -> store.createVersion("spam", 1, "ck-2", new byte[0]))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void latestIsTheHighestStepAndCheckpointsAreImmutable() throws IOException {
        store.writeCheckpoint(draft("ck-b", 200), checkpointDir("b"));
        store.writeCheckpoint(draft("ck-a", 100), checkpointDir("a"));
        assertThat(store.latestCheckpoint("spam")).map(CheckpointManifest::checkpointId).contains("ck-b");
        assertThat(store.latestCheckpoint("other")).isEmpty();
        assertThatThrownBy(() -> store.writeCheckpoint(draft("ck-a", 100), checkpointDir("c")))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void aTamperedFileIsReportedWithItsName() throws IOException {
        store.writeCheckpoint(draft("ck-1", 10), checkpointDir("a"));
        store.objects().put(store.settings().checkpointsBucket(), "spam/ck-1/weights.bin", "evil!".getBytes());
        assertThatThrownBy(() -> store.downloadCheckpoint("spam", "ck-1", tmp.resolve("x")))
                .isInstanceOf(CorruptArtifactException.class).hasMessageContaining("weights.bin");
        store.objects().delete(store.settings().checkpointsBucket(), "spam/ck-1/weights.bin");
        assertThatThrownBy(() -> store.downloadCheckpoint("spam", "ck-1", tmp.resolve("y")))
                .isInstanceOf(CorruptArtifactException.class).hasMessageContaining("missing weights.bin");
    }

    @Test
    void versionsAreImmutableCopiesWithTheirEvaluation() throws IOException {
        store.writeCheckpoint(draft("ck-1", 10), checkpointDir("a"));
        VersionManifest v1 = store.createVersion("spam", 1, "ck-1", "{\"macroF1\":0.9}".getBytes());
        assertThat(v1.files()).extracting(CheckpointManifest.FileEntry::path)
                .contains("weights.bin", "replay/buffer.bin", VersionManifest.EVALUATION_FILE);
        assertThat(new String(store.readVersionFile("spam", 1, "weights.bin"))).isEqualTo("weights of a");
        assertThat(new String(store.readVersionFile("spam", 1, VersionManifest.EVALUATION_FILE)))
                .contains("0.9");
        assertThatThrownBy(() -> store.createVersion("spam", 1, "ck-1", new byte[0]))
                .isInstanceOf(ConflictException.class).hasMessageContaining("immutable");
        assertThat(store.listVersions("spam")).containsExactly(1);
        assertThat(store.readVersion("spam", 1)).map(VersionManifest::checkpointId).contains("ck-1");
        Path copy = tmp.resolve("v1");
        store.downloadVersion("spam", 1, copy);
        assertThat(Files.readString(copy.resolve("replay/buffer.bin"))).isEqualTo("buffer of a");
        assertThat(copy.resolve(VersionManifest.EVALUATION_FILE)).exists();
        assertThat(store.readVersion("spam", 2)).isEmpty();
        assertThatThrownBy(() -> store.readVersionFile("spam", 1, "../../x")).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void extraVersionFilesAreWrittenBeforeVersionJsonAndListedInIt() throws IOException {
        store.writeCheckpoint(draft("ck-1", 10), checkpointDir("a"));
        Path bundle = Files.writeString(tmp.resolve("bundle.zip"), "zip bytes");
        VersionManifest v1 = store.createVersion("spam", 1, "ck-1", new byte[0], Map.of("model.zip", bundle));
        assertThat(v1.files()).filteredOn(f -> f.path().equals("model.zip")).singleElement()
                .satisfies(f -> assertThat(f.size()).isEqualTo(9));
        assertThat(store.readVersion("spam", 1).orElseThrow().files()).isEqualTo(v1.files());
        assertThat(new String(store.readVersionFile("spam", 1, "model.zip"))).isEqualTo("zip bytes");
        assertThatThrownBy(() -> store.createVersion("spam", 2, "ck-1", new byte[0], Map.of("weights.bin", bundle)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collides");
    }

    @Test
    void championMovesByCompareAndSwapAndNeverNamesAnIncompleteVersion() throws IOException {
        store.writeCheckpoint(draft("ck-1", 10), checkpointDir("a"));
        store.createVersion("spam", 1, "ck-1", new byte[0]);
        assertThat(store.readChampion("spam")).isEmpty();
        assertThatThrownBy(() -> store.moveChampion("spam", Optional.empty(), 2, "t", "x"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("not complete");

        ChampionPointer p1 = store.moveChampion("spam", Optional.empty(), 1, "t", "first");
        assertThat(p1.generation()).isEqualTo(1);
        assertThatThrownBy(() -> store.moveChampion("spam", Optional.empty(), 1, "t", "again"))
                .isInstanceOf(ConflictException.class);

        Optional<Versioned<ChampionPointer>> seen = store.readChampion("spam");
        store.writeCheckpoint(draft("ck-2", 20), checkpointDir("b"));
        store.createVersion("spam", 2, "ck-2", new byte[0]);
        ChampionPointer p2 = store.moveChampion("spam", seen, 2, "t", "better");
        assertThat(p2.generation()).isEqualTo(2);
        assertThat(p2.checkpointId()).isEqualTo("ck-2");

        // a stale writer still holding generation 1 cannot move it back
        assertThatThrownBy(() -> store.moveChampion("spam", seen, 1, "stale", "rollback"))
                .isInstanceOf(ConflictException.class);
        assertThat(store.readChampion("spam").orElseThrow().value()).isEqualTo(p2);
    }
}
