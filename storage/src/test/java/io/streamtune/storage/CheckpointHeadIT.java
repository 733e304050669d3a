package io.streamtune.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.contracts.CheckpointHead;
import io.streamtune.contracts.CheckpointManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint head on the real S3 server: a claim raises the generation, only the holder of the current generation
 * makes a checkpoint visible, a fenced writer's checkpoint never becomes the latest and can be removed, and models
 * whose checkpoints predate heads keep their newest one through the first claim.
 */
class CheckpointHeadIT {

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

    private void write(String id, long step) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(id));
        Files.writeString(dir.resolve("weights.bin"), "weights of " + id);
        store.writeCheckpoint(ArtifactStoreIT.draft(id, step), dir);
    }

    @Test
    void onlyTheCurrentGenerationMakesACheckpointVisible() throws IOException {
        assertThat(store.readHead("spam")).isEmpty();
        Versioned<CheckpointHead> a = store.claimHead("spam", "trainer-a");
        assertThat(a.value().generation()).isEqualTo(1);
        assertThat(a.value().checkpointId()).isNull();
        assertThat(store.latestCheckpoint("spam")).isEmpty();

        write("ck-1", 10);
        assertThat(store.latestCheckpoint("spam")).as("complete but not visible yet").isEmpty();
        a = store.advanceHead(a, "ck-1");
        assertThat(store.latestCheckpoint("spam")).map(CheckpointManifest::checkpointId).contains("ck-1");
        assertThatThrownBy(() -> store.advanceHead(store.readHead("spam").orElseThrow(), "ck-missing"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("ck-missing");

        // b takes the model over: the head keeps ck-1, one generation on
        Versioned<CheckpointHead> b = store.claimHead("spam", "trainer-b");
        assertThat(b.value().generation()).isEqualTo(2);
        assertThat(b.value().checkpointId()).isEqualTo("ck-1");

        // a, not knowing, writes another checkpoint: it never becomes visible
        write("ck-2a", 20);
        Versioned<CheckpointHead> stale = a;
        assertThatThrownBy(() -> store.advanceHead(stale, "ck-2a")).isInstanceOfSatisfying(FencedException.class,
                e -> {
                    assertThat(e.heldGeneration()).isEqualTo(1);
                    assertThat(e.currentGeneration()).isEqualTo(2);
                    assertThat(e.currentOwner()).isEqualTo("trainer-b");
                });
        assertThat(store.latestCheckpoint("spam")).map(CheckpointManifest::checkpointId).contains("ck-1");
        store.deleteInvisibleCheckpoint("spam", "ck-2a");
        assertThat(store.readManifest("spam", "ck-2a")).isEmpty();
        assertThat(store.objects().list(store.settings().checkpointsBucket(), "spam/ck-2a/")).isEmpty();
        assertThatThrownBy(() -> store.deleteInvisibleCheckpoint("spam", "ck-1"))
                .isInstanceOf(ConflictException.class).isNotInstanceOf(FencedException.class);

        write("ck-2b", 20);
        b = store.advanceHead(b, "ck-2b");
        write("ck-3b", 30);
        b = store.advanceHead(b, "ck-3b");
        assertThat(store.latestCheckpoint("spam")).map(CheckpointManifest::checkpointId).contains("ck-3b");
        assertThat(b.value().generation()).isEqualTo(2);
        assertThat(b.value().owner()).isEqualTo("trainer-b");
    }

    @Test
    void aMoveWhoseAnswerWasLostIsStillTheHolders() throws IOException {
        Versioned<CheckpointHead> held = store.claimHead("spam", "trainer-a");
        write("ck-1", 10);
        store.advanceHead(held, "ck-1"); // landed; say its answer never came back, so `held` is all the caller has
        write("ck-2", 20);
        Versioned<CheckpointHead> moved = store.advanceHead(held, "ck-2");
        assertThat(moved.value().checkpointId()).isEqualTo("ck-2");
        assertThat(moved.value().generation()).isEqualTo(1);
    }

    @Test
    void theFirstClaimKeepsTheNewestCheckpointWrittenBeforeHeads() throws IOException {
        write("ck-old-1", 10);
        write("ck-old-2", 20);
        assertThat(store.latestCheckpoint("spam")).as("no head: the newest complete one")
                .map(CheckpointManifest::checkpointId).contains("ck-old-2");
        Versioned<CheckpointHead> a = store.claimHead("spam", "trainer-a");
        assertThat(a.value().checkpointId()).isEqualTo("ck-old-2");
        write("ck-zombie", 30);
        assertThat(store.latestCheckpoint("spam")).as("with a head, only what it names")
                .map(CheckpointManifest::checkpointId).contains("ck-old-2");
    }

    @Test
    void racingClaimsEachGetTheirOwnGeneration() throws Exception {
        int n = 4;
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        java.util.Set<Long> generations = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < n; i++) {
            String owner = "t-" + i;
            Thread t = new Thread(() -> {
                try {
                    generations.add(store.claimHead("race", owner).value().generation());
                } catch (ConflictException e) {
                    failures.incrementAndGet();
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        // whatever the server: every claim that reported success wrote a generation no higher than the number of
        // writes, and the head holds a claim's write. Only where conditional writes are atomic (MinIO) does each successful claim get its own
        // generation and the head the highest: S3Proxy checks If-Match apart from the write, so under a race a stale
        // claim can land last (which is why a pool's hand-overs go through Kafka's group: claims of one model do not
        // race there).
        CheckpointHead head = store.readHead("race").orElseThrow().value();
        long writes = 5L * n; // each claim tries at most five times
        assertThat(generations).isNotEmpty().allMatch(g -> g >= 1 && g <= writes);
        assertThat(head.generation()).isBetween(1L, writes);
        assertThat(head.owner()).startsWith("t-");
        if (io.streamtune.localstack.test.S3Endpoint.MINIO.equals(
                io.streamtune.localstack.test.RealServers.s3().kind())) {
            assertThat(generations).hasSize(n - failures.get()).allMatch(g -> g <= n);
            assertThat(head.generation()).isEqualTo(generations.stream().mapToLong(Long::longValue).max()
                    .orElseThrow());
        }
        System.out.printf("racing claims on %s: generations %s, %d lost, head at %d%n",
                io.streamtune.localstack.test.RealServers.s3().kind(), generations, failures.get(),
                head.generation());
    }
}
