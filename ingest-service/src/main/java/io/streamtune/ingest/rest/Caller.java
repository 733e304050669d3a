package io.streamtune.ingest.rest;

import io.streamtune.ingest.auth.ApiKey;
import io.streamtune.ingest.examples.BodyFormat;
import jakarta.enterprise.context.RequestScoped;

/** What {@link IngestGate} established about the current request, for the resource. */
@RequestScoped
public class Caller {

    private ApiKey key;
    private BodyFormat format;
    private long startNanos = System.nanoTime();

    void admit(ApiKey key, BodyFormat format, long startNanos) {
        this.key = key;
        this.format = format;
        this.startNanos = startNanos;
    }

    public ApiKey key() {
        return key;
    }

    public BodyFormat format() {
        return format;
    }

    public long startNanos() {
        return startNanos;
    }
}
