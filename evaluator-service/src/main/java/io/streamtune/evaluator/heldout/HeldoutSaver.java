package io.streamtune.evaluator.heldout;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Saves changed held-out sets to S3 on a schedule and once more at shutdown. */
@ApplicationScoped
public class HeldoutSaver {

    private final HeldoutStores stores;

    public HeldoutSaver(HeldoutStores stores) {
        this.stores = stores;
    }

    @Scheduled(every = "${streamtune.evaluator.heldout.save-every}", delayed = "${streamtune.evaluator.heldout.save-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void saveChanged() {
        stores.saveDirty();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stores.saveDirty();
    }
}
