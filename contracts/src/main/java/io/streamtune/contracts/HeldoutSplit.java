package io.streamtune.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The deterministic, keyed train / held-out split. An example is held out when
 * {@code bucket(key, model, id) < heldoutPercent}, where the bucket is the first 8 bytes of
 * {@code HMAC-SHA256(key, UTF-8(model + "/" + id))} read as an unsigned big-endian number, modulo 100. The same
 * example (model, id) always lands on the same side under one key, whichever instance or language computes it;
 * without the key a client cannot choose ids that land its examples in (or out of) the evaluation set.
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

    /** The split's secret: at least {@value #MIN_CHARS} characters, used as its UTF-8 bytes. */
    public static final class Key {

        public static final int MIN_CHARS = 16;
        private final SecretKeySpec spec;

        private Key(String secret) {
            if (secret == null || secret.length() < MIN_CHARS) {
                throw new IllegalArgumentException("The held-out split key must be at least " + MIN_CHARS
                        + " characters, got " + (secret == null ? "none" : secret.length()) + ".");
            }
            this.spec = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        }

        public static Key of(String secret) {
            return new Key(secret);
        }

        @Override
        public String toString() {
            return "HeldoutSplit.Key[hidden]";
        }
    }

    /** 0..99, stable for a (key, model, id). */
    public static int bucket(Key key, String model, String id) {
        byte[] mac;
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key.spec);
            mac = hmac.doFinal((model + "/" + id).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
        return (int) Long.remainderUnsigned(ByteBuffer.wrap(mac, 0, 8).getLong(), 100);
    }

    public static boolean heldout(Key key, String model, String id, int heldoutPercent) {
        return side(key, model, id, heldoutPercent) == Side.HELDOUT;
    }

    public static Side side(Key key, String model, String id, int heldoutPercent) {
        if (heldoutPercent < 0 || heldoutPercent > 100) {
            throw new IllegalArgumentException("heldoutPercent must be 0..100, got " + heldoutPercent);
        }
        return bucket(key, model, id) < heldoutPercent ? Side.HELDOUT : Side.TRAIN;
    }
}
