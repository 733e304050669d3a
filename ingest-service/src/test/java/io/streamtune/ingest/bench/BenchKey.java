package io.streamtune.ingest.bench;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The benchmark's API key 'bench' (plaintext bench-key), with a rate limit far above what it sends. */
public class BenchKey implements QuarkusTestResourceLifecycleManager {

    static final String PLAINTEXT = "bench-key";

    @Override
    public Map<String, String> start() {
        return Map.ofEntries(
                Map.entry("streamtune.ingest.api-keys.\"bench\".sha256", "b0962662e937d44c699c8305d90cbf190b3150c59b13863d1380b5cc3c711bb7"),
                Map.entry("streamtune.ingest.api-keys.\"bench\".models", "bench"),
                Map.entry("streamtune.ingest.api-keys.\"bench\".requests-per-second", "1000000"),
                Map.entry("streamtune.ingest.api-keys.\"bench\".burst", "1000000"),
                Map.entry("streamtune.ingest.api-keys.\"bench\".examples-per-second", "100000000"),
                Map.entry("streamtune.ingest.api-keys.\"bench\".examples-burst", "100000000"),
                Map.entry("streamtune.ingest.api-keys.\"bench\".bytes-per-second", "100000000000"),
                Map.entry("streamtune.ingest.api-keys.\"bench\".bytes-burst", "100000000000"),
                Map.entry("streamtune.ingest.limits.max-in-flight-per-key", "64"),
                Map.entry("quarkus.log.category.\"io.streamtune\".level", "WARN"));
    }

    @Override
    public void stop() {
    }
}
