package io.streamtune.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.ChampionPointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight writers, each with its own client (as separate registry instances would have), race to move the pointer,
 * round after round. Whatever the server: the generation only grows, and the pointer names a complete version.
 * Against MinIO (atomic conditional writes) exactly one writer wins each round; S3Proxy's are not atomic under
 * concurrency, so there only the invariants are asserted and the number of multi-winner rounds is printed.
 */
class ChampionRaceIT {

    static final int WRITERS = 8;
    static final int ROUNDS = 15;

    @Test
    void racingWritersNeverMoveThePointerBackwardsNorToAnIncompleteVersion(@TempDir Path tmp) throws Exception {
        S3Settings settings = StoreFixture.freshBuckets();
        List<S3ArtifactStore> stores = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            stores.add(new S3ArtifactStore(settings));
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            S3ArtifactStore setup = stores.get(0);
            setup.ensureBuckets();
            Path dir = Files.createDirectories(tmp.resolve("ck"));
            Files.writeString(dir.resolve("weights.bin"), "w");
            setup.writeCheckpoint(ArtifactStoreIT.draft("ck-1", 1), dir);
            for (int v = 1; v <= WRITERS; v++) {
                setup.createVersion("spam", v, "ck-1", new byte[0]);
            }
            setup.moveChampion("spam", Optional.empty(), 1, "setup", "start");

            int multiWinnerRounds = 0;
            long lastGeneration = 1;
            for (int round = 0; round < ROUNDS; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    S3ArtifactStore store = stores.get(w);
                    int version = w + 1;
                    var seen = store.readChampion("spam");
                    results.add(pool.submit(() -> {
                        go.await();
                        try {
                            store.moveChampion("spam", seen, version, "writer-" + version, "race");
                            return true;
                        } catch (ConflictException lost) {
                            return false;
                        }
                    }));
                }
                go.countDown();
                int winners = 0;
                for (Future<Boolean> f : results) {
                    winners += f.get() ? 1 : 0;
                }
                ChampionPointer now = setup.readChampion("spam").orElseThrow().value();
                assertThat(now.generation()).as("round %d: generation only grows", round)
                        .isEqualTo(lastGeneration + 1);
                assertThat(setup.readVersion("spam", now.version())).as("pointer names a complete version")
                        .isPresent();
                lastGeneration = now.generation();
                if (StoreFixture.atomicConditionalWrites()) {
                    assertThat(winners).as("MinIO: exactly one winner in round %d", round).isEqualTo(1);
                } else {
                    assertThat(winners).as("at least one writer wins round %d", round).isGreaterThanOrEqualTo(1);
                    multiWinnerRounds += winners > 1 ? 1 : 0;
                }
            }
            System.out.printf("champion race on %s: %d rounds, %d with more than one reported winner%n",
                    io.streamtune.localstack.test.RealServers.s3().kind(), ROUNDS, multiWinnerRounds);
        } finally {
            pool.shutdownNow();
            stores.forEach(S3ArtifactStore::close);
        }
    }
}
