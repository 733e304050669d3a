package io.streamtune.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.streamtune.client.Prediction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /classify}: {@code {"text": "..."}} in, {@code {"label", "probabilities", "version"}} out. Bad input is
 * a 400 with {@code {"error": "..."}} saying what is wrong; the parsing is separate from the JDK server so that it can
 * be tested without one.
 */
public final class ClassifyApi implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifyApi.class);
    /** Longest request body accepted. */
    public static final int MAX_BODY = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, Prediction> classifier;

    /** @param classifier one text's prediction (a {@code Predictor::predict}) */
    public ClassifyApi(Function<String, Prediction> classifier) {
        this.classifier = classifier;
    }

    /** A status and a JSON body. */
    public record Reply(int status, String body) {}

    /** The reply to one request, whatever it holds. */
    public Reply handle(String method, byte[] body) {
        if (!"POST".equalsIgnoreCase(method)) {
            return error(405, "use POST with a JSON body {\"text\": \"...\"}");
        }
        if (body.length > MAX_BODY) {
            return error(413, "body over " + MAX_BODY + " bytes");
        }
        String text;
        try {
            text = text(body);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        Prediction p;
        try {
            p = classifier.apply(text);
        } catch (RuntimeException e) {
            LOG.warn("classification failed: {}", e.toString(), e);
            return error(503, "no model can classify right now: " + e.getMessage());
        }
        ObjectNode out = JSON.createObjectNode().put("label", p.label());
        ObjectNode probabilities = out.putObject("probabilities");
        for (Map.Entry<String, Double> e : p.probabilities().entrySet()) {
            probabilities.put(e.getKey(), e.getValue());
        }
        out.put("version", p.version());
        return new Reply(200, out.toString());
    }

    /** The request's text: a JSON object with a non-blank string {@code text}. */
    static String text(byte[] body) {
        if (body.length == 0) {
            throw new IllegalArgumentException("empty body: send {\"text\": \"...\"}");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("body is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("body must be a JSON object {\"text\": \"...\"}");
        }
        JsonNode text = node.get("text");
        if (text == null || text.isNull()) {
            throw new IllegalArgumentException("missing field \"text\"");
        }
        if (!text.isTextual()) {
            throw new IllegalArgumentException("\"text\" must be a string, not " + text.getNodeType().toString()
                    .toLowerCase(java.util.Locale.ROOT));
        }
        if (text.asText().isBlank()) {
            throw new IllegalArgumentException("\"text\" is blank");
        }
        return text.asText();
    }

    private static Reply error(int status, String message) {
        return new Reply(status, JSON.createObjectNode().put("error", message).toString());
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            Reply reply = handle(exchange.getRequestMethod(), body);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
