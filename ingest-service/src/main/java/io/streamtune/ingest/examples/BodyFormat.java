package io.streamtune.ingest.examples;

import java.util.Locale;
import java.util.Optional;

/** The request body formats ingest reads: one JSON object or an array of them, or one object per line. */
public enum BodyFormat {
    JSON("application/json"),
    NDJSON("application/x-ndjson");

    public static final String SUPPORTED = "application/json or application/x-ndjson (UTF-8)";

    private final String mediaType;

    BodyFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * The format a Content-Type header names, empty for any other type or a charset other than UTF-8.
     */
    public static Optional<BodyFormat> of(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String[] parts = contentType.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].strip().split("=", 2);
            if (kv[0].strip().equalsIgnoreCase("charset") && kv.length == 2
                    && !unquote(kv[1].strip()).equalsIgnoreCase("utf-8")) {
                return Optional.empty();
            }
        }
        for (BodyFormat f : values()) {
            if (f.mediaType.equals(type)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
