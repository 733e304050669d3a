package io.streamtune.evaluator.config;

import io.quarkus.runtime.StartupEvent;
import io.streamtune.evaluator.heldout.SnapshotRepository;
import io.streamtune.storage.ArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the buckets the evaluator reads and writes, if S3 is reachable at start (readiness reports it if not). */
@ApplicationScoped
public class BucketsAtStartup {

    private static final Logger LOG = LoggerFactory.getLogger(BucketsAtStartup.class);

    void onStart(@Observes StartupEvent event, ArtifactStore artifacts, SnapshotRepository snapshots) {
        try {
            artifacts.ensureBuckets();
            snapshots.ensureBucket();
        } catch (RuntimeException e) {
            LOG.warn("Cannot create the S3 buckets at start: {}", e.getMessage());
        }
    }
}
