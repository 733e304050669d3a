package io.streamtune.e2e.stack;

import io.streamtune.contracts.HeldoutSplit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The keys of a local stack: the services' dev keys (ingest's API key {@code demo} / {@code demo-key}, the registry's
 * admin key {@code admin-key}, the held-out split's key). The packaged services run in the prod profile, so they are configured explicitly,
 * as digests. For a machine of your own only.
 */
public final class DevKeys {

    public static final String INGEST_KEY_NAME = "demo";
    public static final String INGEST_KEY = "demo-key";
    public static final String ADMIN_KEY = "admin-key";
    /**
     * Ingest's held-out split key in a local stack and in the quality report (ingest's public dev/test value): fixed
     * and published, so the report's corpora split the same way on every run and anyone can recompute it.
     */
    public static final String HELDOUT_KEY = "streamtune-dev-heldout-key-not-secret";
    public static final HeldoutSplit.Key SPLIT = HeldoutSplit.Key.of(HELDOUT_KEY);

    private DevKeys() {
    }

    /** Hex SHA-256, the form the services are configured with. */
    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
