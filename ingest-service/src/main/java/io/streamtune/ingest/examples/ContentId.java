package io.streamtune.ingest.examples;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id of an example sent without one, made of what it says: {@code "c-"} + hex of the first 16 bytes of SHA-256
 * over model, source, label and text (each as a 4-byte big-endian length and its UTF-8 bytes). A resent identical
 * example gets the same id, so consumers drop the copy; eventTime and metadata are left out (eventTime defaults to
 * the time of arrival, which a resend changes).
 */
public final class ContentId {

    public static final String PREFIX = "c-";

    private ContentId() {
    }

    public static String of(String model, String source, String label, String text) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        for (String field : new String[] {model, source, label, text}) {
            byte[] bytes = (field == null ? "" : field).getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha.update(bytes);
        }
        return PREFIX + HexFormat.of().formatHex(sha.digest(), 0, 16);
    }
}
