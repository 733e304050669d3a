package io.streamtune.ingest.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * API keys beside the dev key 'demo': 'other' (plaintext other-key) may write only 'tickets'; 'slow'
 * (plaintext slow-key) may write everything but only one request per 20 s after a burst of 2.
 */
public class TestKeys implements QuarkusTestResourceLifecycleManager {

    public static final String OTHER_KEY = "other-key";
    public static final String SLOW_KEY = "slow-key";

    @Override
    public Map<String, String> start() {
        return Map.of(
                "streamtune.ingest.api-keys.\"other\".sha256", "580843d03d2216ff1a275d0991bad66e4d1af871171d929e9de604b7959f9bca",
                "streamtune.ingest.api-keys.\"other\".models", "tickets",
                "streamtune.ingest.api-keys.\"slow\".sha256", "6fa0d18ad9d40c2e55ddba9c9110a429590843f1c7096d894e1f3aa68c420cee",
                "streamtune.ingest.api-keys.\"slow\".models", "*",
                "streamtune.ingest.api-keys.\"slow\".requests-per-second", "0.05",
                "streamtune.ingest.api-keys.\"slow\".burst", "2");
    }

    @Override
    public void stop() {
    }
}
