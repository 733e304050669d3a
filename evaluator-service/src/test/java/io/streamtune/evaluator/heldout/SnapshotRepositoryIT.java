package io.streamtune.evaluator.heldout;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.LabelledExample;
import io.streamtune.evaluator.support.Buckets;
import io.streamtune.evaluator.support.TestData;
import io.streamtune.storage.ObjectStore;
import io.streamtune.storage.S3Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Held-out snapshots on a real S3 server: a new process picks up exactly where the last save left off. */
class SnapshotRepositoryIT {

    private static final TimeSlices SLICES = new TimeSlices(Duration.ofDays(30));

    private ObjectStore objects;
    private String bucket;

    @BeforeEach
    void setUp() {
        S3Settings s3 = Buckets.fresh();
        objects = new ObjectStore(s3);
        bucket = Buckets.evaluatorBucket(s3);
        objects.ensureBucket(bucket);
    }

    @AfterEach
    void tearDown() {
        objects.close();
    }

    @Test
    void aRestartedProcessResumesFromTheLastSave() {
        List<LabelledExample> stream = TestData.examples("spam", "e", 200, 11);
        HeldoutStores first = new HeldoutStores(new SnapshotRepository(objects, bucket, 3), 50, SLICES,
                Clock.systemUTC());
        for (int i = 0; i < 120; i++) {
            first.store("spam").add(i % 2, i / 2, stream.get(i));
        }
        HeldoutStore.Frozen saved = first.freezeAndSave("spam");
        first.store("spam").add(0, 60, stream.get(120)); // consumed after the save: not in S3

        HeldoutStores second = new HeldoutStores(new SnapshotRepository(objects, bucket, 3), 50, SLICES,
                Clock.systemUTC());
        HeldoutStore restored = second.store("spam");
        assertThat(restored.size()).isEqualTo(50);
        assertThat(restored.offsets()).containsEntry(0, 60L).containsEntry(1, 60L);
        assertThat(restored.lastSnapshotId()).isEqualTo(saved.snapshot().id());
        assertThat(restored.freeze().snapshot().examples())
                .containsExactlyInAnyOrderElementsOf(saved.snapshot().examples());
        assertThat(restored.seen()).isEqualTo(120);
    }

    @Test
    void onlyChangedSetsAreSavedAndOldSnapshotsArePruned() {
        SnapshotRepository repo = new SnapshotRepository(objects, bucket, 2);
        HeldoutStores stores = new HeldoutStores(repo, 1000, SLICES, Clock.systemUTC());
        List<LabelledExample> stream = TestData.examples("spam", "e", 40, 12);
        for (int round = 0; round < 4; round++) {
            for (int i = round * 10; i < round * 10 + 10; i++) {
                stores.store("spam").add(0, i, stream.get(i));
            }
            stores.saveDirty();
        }
        stores.saveDirty(); // nothing changed: nothing written
        assertThat(objects.list(bucket, "spam/heldout/snapshots/")).containsExactly(
                "spam/heldout/snapshots/spam-hs-000003.json.gz", "spam/heldout/snapshots/spam-hs-000004.json.gz");
        assertThat(repo.readSnapshot("spam", "spam-hs-000004")).get()
                .extracting(HeldoutSnapshot::size).isEqualTo(40);
        assertThat(repo.readSnapshot("spam", "spam-hs-000001")).isEmpty();
        assertThat(repo.readState("spam")).get().extracting(HeldoutState::snapshotId).isEqualTo("spam-hs-000004");
    }
}
