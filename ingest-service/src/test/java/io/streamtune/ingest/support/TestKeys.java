package io.streamtune.ingest.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.streamtune.contracts.HeldoutSplit;
import java.util.Map;

/**
 * API keys beside the dev key 'demo': 'other' (plaintext other-key) may write only 'tickets'; 'slow'
 * (plaintext slow-key) may write everything but only one request per 20 s after a burst of 2; 'thrifty' and
 * 'narrow' may send one largest batch (1,000 examples) or one largest body (4 MB) and then next to nothing. At most
 * 24 requests are in flight at once.
 */
public class TestKeys implements QuarkusTestResourceLifecycleManager {

    /** The held-out split's key in the test profile (application.properties' public dev/test value). */
    public static final HeldoutSplit.Key HELDOUT = HeldoutSplit.Key.of("streamtune-dev-heldout-key-not-secret");
    public static final String OTHER_KEY = "other-key";
    public static final String SLOW_KEY = "slow-key";
    public static final String THRIFTY_KEY = "thrifty-key";
    public static final String NARROW_KEY = "narrow-key";
    public static final int MAX_IN_FLIGHT = 24;

    @Override
    public Map<String, String> start() {
        return Map.ofEntries(Map.entry("streamtune.ingest.limits.max-in-flight", String.valueOf(MAX_IN_FLIGHT)),
                Map.entry("streamtune.ingest.api-keys.\"thrifty\".sha256",
                        "9409e5c0f45eb48855eba8a2719bbd535d03e22921a362dfb6a400c531611765"),
                Map.entry("streamtune.ingest.api-keys.\"thrifty\".models", "*"),
                Map.entry("streamtune.ingest.api-keys.\"thrifty\".examples-per-second", "0.01"),
                Map.entry("streamtune.ingest.api-keys.\"thrifty\".examples-burst", "1000"),
                Map.entry("streamtune.ingest.api-keys.\"narrow\".sha256",
                        "cc6a3ad1d53969fb5d3a189f595a99cd34e965a52377c1563174af3f0047448a"),
                Map.entry("streamtune.ingest.api-keys.\"narrow\".models", "*"),
                Map.entry("streamtune.ingest.api-keys.\"narrow\".bytes-per-second", "10"),
                Map.entry("streamtune.ingest.api-keys.\"narrow\".bytes-burst", "4194304"),
                Map.entry("streamtune.ingest.api-keys.\"other\".sha256",
                        "580843d03d2216ff1a275d0991bad66e4d1af871171d929e9de604b7959f9bca"),
                Map.entry("streamtune.ingest.api-keys.\"other\".models", "tickets"),
                Map.entry("streamtune.ingest.api-keys.\"slow\".sha256",
                        "6fa0d18ad9d40c2e55ddba9c9110a429590843f1c7096d894e1f3aa68c420cee"),
                Map.entry("streamtune.ingest.api-keys.\"slow\".models", "*"),
                Map.entry("streamtune.ingest.api-keys.\"slow\".requests-per-second", "0.05"),
                Map.entry("streamtune.ingest.api-keys.\"slow\".burst", "2"));
    }

    @Override
    public void stop() {
    }
}
