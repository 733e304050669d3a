package io.streamtune.e2e.report;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The ingest service's train / held-out split, so the report holds out exactly what ingest would: an example is held
 * out when the first 8 bytes of {@code SHA-256(UTF-8(model + "/" + id))}, unsigned big-endian, modulo 100, are below
 * the held-out percentage. The same formula as {@code io.streamtune.ingest.examples.HeldoutSplit}, which cannot be
 * put on this classpath without the ingest service's Quarkus extensions.
 */
public final class HeldoutSplit {

    private HeldoutSplit() {
    }

    /** 0..99, stable for a (model, id) pair. */
    public static int bucket(String model, String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((model + "/" + id).getBytes(StandardCharsets.UTF_8));
            return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest, 0, 8).getLong(), 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public static boolean heldout(String model, String id, int heldoutPercent) {
        return bucket(model, id) < heldoutPercent;
    }
}
