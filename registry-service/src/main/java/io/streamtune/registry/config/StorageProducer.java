package io.streamtune.registry.config;

import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3ArtifactStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The artifact store over the configured S3 server, its buckets created when missing. */
public class StorageProducer {

    @Produces
    @Singleton
    ArtifactStore store(S3Config s3) {
        ArtifactStore store = new S3ArtifactStore(s3.settings());
        store.ensureBuckets();
        return store;
    }

    void close(@Disposes ArtifactStore store) {
        store.close();
    }
}
