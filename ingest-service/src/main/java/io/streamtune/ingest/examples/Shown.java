package io.streamtune.ingest.examples;

/** Client values as they may appear in an error message: quoted, cut to 64 chars, control characters escaped. */
final class Shown {

    private static final int MAX = 64;

    private Shown() {
    }

    static String quote(String value) {
        String cut = value.length() > MAX ? value.substring(0, MAX) + "…" : value;
        return "'" + escape(cut) + "'";
    }

    /** A field name a client sent, safe to use in a JSON path of a message. */
    static String fieldName(String name) {
        return escape(name.length() > MAX ? name.substring(0, MAX) + "…" : name);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
