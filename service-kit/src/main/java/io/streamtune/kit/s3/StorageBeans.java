package io.streamtune.kit.s3;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3ArtifactStore;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The artifact store over the configured S3 server. Its buckets are created at start when the server answers; when
 * it does not, the service starts anyway and the readiness check reports the store down until it does.
 */
@IfBuildProperty(name = "streamtune.kit.s3.enabled", stringValue = "true", enableIfMissing = true)
@Singleton
public class StorageBeans {

    private static final Logger LOG = Logger.getLogger(StorageBeans.class);

    @Produces
    @Singleton
    ArtifactStore store(S3Config s3) {
        return new S3ArtifactStore(s3.settings());
    }

    void close(@Disposes ArtifactStore store) {
        store.close();
    }

    void createBuckets(@Observes StartupEvent event, ArtifactStore store) {
        try {
            store.ensureBuckets();
        } catch (RuntimeException e) {
            LOG.warnf("Cannot create the S3 buckets at start (%s); readiness reports the store down", e.getMessage());
        }
    }
}
