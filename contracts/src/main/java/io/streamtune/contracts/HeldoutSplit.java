package io.streamtune.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The deterministic train / held-out split. An example is held out when
 * {@code bucket(model, id) < heldoutPercent}, where the bucket is the first 8 bytes of
 * {@code SHA-256(UTF-8(model + "/" + id))} read as an unsigned big-endian number, modulo 100. The same example
 * (model, id) always lands on the same side, whichever instance or language computes it: ingest places examples
 * with it, the quality report splits its corpora with it.
 */
public final class HeldoutSplit {

    private HeldoutSplit() {
    }

    public enum Side {
        TRAIN, HELDOUT;

        public String topic(String model) {
            return this == TRAIN ? Topics.train(model) : Topics.heldout(model);
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** 0..99, stable for a (model, id) pair. */
    public static int bucket(String model, String id) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        byte[] digest = sha.digest((model + "/" + id).getBytes(StandardCharsets.UTF_8));
        return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest, 0, 8).getLong(), 100);
    }

    public static boolean heldout(String model, String id, int heldoutPercent) {
        return side(model, id, heldoutPercent) == Side.HELDOUT;
    }

    public static Side side(String model, String id, int heldoutPercent) {
        if (heldoutPercent < 0 || heldoutPercent > 100) {
            throw new IllegalArgumentException("heldoutPercent must be 0..100, got " + heldoutPercent);
        }
        return bucket(model, id) < heldoutPercent ? Side.HELDOUT : Side.TRAIN;
    }
}
