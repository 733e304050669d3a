package io.streamtune.ingest.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Raw HTTP for tests: any bytes, any headers (or none), so bad input reaches the service as sent. */
public final class Http {

    public static final String DEMO_KEY = "demo-key";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;

    public Http(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** A POST to {@code /api/v1/models/<model>/examples}. */
    public Call post(String model) {
        return new Call(this, "/api/v1/models/" + model + "/examples");
    }

    public HttpResponse<String> get(String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One request being built: JSON content type and the demo key unless told otherwise. */
    public static final class Call {
        private final Http http;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        Call(Http http, String path) {
            this.http = http;
            this.path = path;
            headers.put("Content-Type", "application/json");
            headers.put("Authorization", "Bearer " + DEMO_KEY);
        }

        public Call header(String name, String value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
            return this;
        }

        public Call key(String key) {
            return header("Authorization", key == null ? null : "Bearer " + key);
        }

        public Call contentType(String type) {
            return header("Content-Type", type);
        }

        public Call body(String json) {
            return body(json.getBytes(StandardCharsets.UTF_8));
        }

        public Call body(byte[] bytes) {
            body = HttpRequest.BodyPublishers.ofByteArray(bytes);
            return this;
        }

        /** A body without Content-Length (chunked). */
        public Call chunked(byte[] bytes) {
            body = HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes));
            return this;
        }

        public HttpResponse<String> send() {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base + path))
                    .timeout(Duration.ofSeconds(60)).POST(body);
            headers.forEach(b::header);
            try {
                return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException("POST " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
