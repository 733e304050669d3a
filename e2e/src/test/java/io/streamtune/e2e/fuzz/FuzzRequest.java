package io.streamtune.e2e.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One generated bad request: which service, what kind of bad (for the tallies), and the exact HTTP request, with the
 * path already percent-encoded as it goes on the wire; {@code chunked} sends the body without a Content-Length.
 */
public record FuzzRequest(Target target, String kind, String method, String path, Map<String, String> headers,
        byte[] body, boolean chunked) {

    /** The service a request goes to. */
    public enum Target {
        INGEST, REGISTRY
    }

    public FuzzRequest {
        headers = headers == null ? Map.of() : new LinkedHashMap<>(headers);
        body = body == null ? new byte[0] : body;
    }

    /** The request as a failure report shows it: method, path, headers and the start of the body. */
    public String describe() {
        String shownPath = path.length() > 300 ? path.substring(0, 300) + "…(" + path.length() + " chars)" : path;
        String shownHeaders = headers.entrySet().stream().map(e -> e.getKey() + ": " + cut(e.getValue(), 120))
                .collect(Collectors.joining(", ", "{", "}"));
        return target + " " + kind + ": " + method + " " + shownPath + " " + shownHeaders + " body " + body.length
                + " B" + (chunked ? " chunked" : "") + ": " + cut(new String(body, 0, Math.min(body.length, 600), StandardCharsets.UTF_8), 300);
    }

    private static String cut(String s, int max) {
        String c = s.length() > max ? s.substring(0, max) + "…" : s;
        StringBuilder out = new StringBuilder();
        c.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
