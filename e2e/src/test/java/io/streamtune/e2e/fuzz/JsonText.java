package io.streamtune.e2e.fuzz;

import java.util.Map;
import java.util.stream.Collectors;

/** JSON written by hand, so a generator can put any raw text where a value goes (a wrong type, a broken number). */
final class JsonText {

    private JsonText() {
    }

    /** A JSON string literal; control characters and quotes escaped, everything else as it is. */
    static String string(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** An object of raw values, in the map's order. */
    static String object(Map<String, String> rawValues) {
        return rawValues.entrySet().stream().map(e -> string(e.getKey()) + ":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }
}
