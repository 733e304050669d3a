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
 * round after round, alongside a stale writer holding the pointer of an earlier round and a writer naming a version
 * whose {@code version.json} is not written. Whatever the server: the generation only grows, by one per round, the
 * stale writer never wins and the pointer never names the incomplete version.
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
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2); // every racer, stale and incomplete too, waits at the gate
        try {
            S3ArtifactStore setup = stores.get(0);
            setup.ensureBuckets();
            Path dir = Files.createDirectories(tmp.resolve("ck"));
            Files.writeString(dir.resolve("weights.bin"), "w");
            setup.writeCheckpoint(ArtifactStoreIT.draft("ck-1", 1), dir);
            for (int v = 1; v <= WRITERS; v++) {
                setup.createVersion("spam", v, "ck-1", new byte[0]);
            }
            // an incomplete version: its files are copied, its version.json is not written yet
            int incomplete = WRITERS + 1;
            setup.objects().put(settings.modelsBucket(), StorageLayout.versionPrefix("spam", incomplete) + "weights.bin",
                    "w".getBytes());
            setup.moveChampion("spam", Optional.empty(), 1, "setup", "start");
            S3ArtifactStore staleStore = new S3ArtifactStore(settings);
            stores.add(staleStore);
            S3ArtifactStore incompleteStore = new S3ArtifactStore(settings);
            stores.add(incompleteStore);
            // the stale writer's view: always the pointer one generation behind the one the round starts from
            Optional<Versioned<ChampionPointer>> stale = setup.readChampion("spam");
            setup.moveChampion("spam", stale, 2, "setup", "second");

            int multiWinnerRounds = 0;
            long lastGeneration = 2;
            for (int round = 0; round < ROUNDS; round++) {
                Optional<Versioned<ChampionPointer>> current = setup.readChampion("spam");
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
                // racing alongside: a stale writer still holding the pointer of an earlier round (an older
                // generation), and a writer naming the incomplete version
                Optional<Versioned<ChampionPointer>> staleSeen = stale;
                Future<Boolean> staleResult = pool.submit(() -> {
                    go.await();
                    try {
                        staleStore.moveChampion("spam", staleSeen, 1, "stale", "race");
                        return true;
                    } catch (ConflictException lost) {
                        return false;
                    }
                });
                var incompleteSeen = incompleteStore.readChampion("spam");
                Future<Boolean> incompleteResult = pool.submit(() -> {
                    go.await();
                    try {
                        incompleteStore.moveChampion("spam", incompleteSeen, incomplete, "incomplete", "race");
                        return true;
                    } catch (NotFoundException refused) {
                        return false;
                    }
                });
                go.countDown();
                int winners = 0;
                for (Future<Boolean> f : results) {
                    winners += f.get() ? 1 : 0;
                }
                assertThat(staleResult.get()).as("round %d: the stale writer never wins", round).isFalse();
                assertThat(incompleteResult.get()).as("round %d: an incomplete version is refused", round).isFalse();
                ChampionPointer now = setup.readChampion("spam").orElseThrow().value();
                assertThat(now.generation()).as("round %d: generation only grows", round)
                        .isEqualTo(lastGeneration + 1);
                assertThat(setup.readVersion("spam", now.version())).as("pointer names a complete version")
                        .isPresent();
                assertThat(now.writer()).as("round %d: a current racer moved the pointer", round)
                        .startsWith("writer-");
                assertThat(now.version()).as("round %d: pointer names a racer's version", round)
                        .isBetween(1, WRITERS);
                stale = current;
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
