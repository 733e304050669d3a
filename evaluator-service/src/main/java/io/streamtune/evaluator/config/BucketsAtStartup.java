package io.streamtune.evaluator.config;

import io.quarkus.runtime.StartupEvent;
import io.streamtune.evaluator.heldout.SnapshotRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Creates the evaluator's own bucket if S3 is reachable at start (the service kit creates the shared ones; readiness
 * reports the store down if not).
 */
@ApplicationScoped
public class BucketsAtStartup {

    private static final Logger LOG = Logger.getLogger(BucketsAtStartup.class);

    void onStart(@Observes StartupEvent event, SnapshotRepository snapshots) {
        try {
            snapshots.ensureBucket();
        } catch (RuntimeException e) {
            LOG.warnf("Cannot create the evaluator's S3 bucket at start: %s", e.getMessage());
        }
    }
}
