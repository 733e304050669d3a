package io.streamtune.e2e.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.contracts.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The JDK's HTTP client with what the services' clients share: JSON bodies and a readable failure. */
final class Http {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private Http() {
    }

    static HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    static HttpResponse<byte[]> get(URI uri) throws IOException {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build());
    }

    static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return EventJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode() + " with a body that is not JSON: " + text(response), e);
        }
    }

    static String text(HttpResponse<byte[]> response) {
        String s = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }

    static IllegalStateException unexpected(HttpResponse<byte[]> response) {
        return new IllegalStateException(response.request().method() + " " + response.request().uri()
                + " answered " + response.statusCode() + ": " + text(response));
    }
}
