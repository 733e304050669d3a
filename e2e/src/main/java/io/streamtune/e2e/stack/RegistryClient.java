package io.streamtune.e2e.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The registry's API: model definitions (admin), the champion, the promotion log, downloads. */
public final class RegistryClient {

    private final URI base;
    private final String adminKey;

    public RegistryClient(String baseUrl, String adminKey) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.adminKey = adminKey;
    }

    public URI base() {
        return base;
    }

    /** {@code PUT /api/v1/models/{name}}: stored and published on {@code streamtune.models}; the status (201, 200). */
    public int define(ModelSpec spec) throws IOException {
        HttpResponse<byte[]> r = Http.send(HttpRequest.newBuilder(model(spec.name(), ""))
                .timeout(Duration.ofSeconds(60))
                .header("X-Admin-Key", adminKey)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(EventJson.write(spec))).build());
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw Http.unexpected(r);
        }
        return r.statusCode();
    }

    /** {@code GET /api/v1/models/{name}/champion}; empty while the model has none (404). */
    public Optional<JsonNode> champion(String model) throws IOException {
        HttpResponse<byte[]> r = Http.get(model(model, "/champion"));
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw Http.unexpected(r);
        }
        return Optional.of(Http.json(r));
    }

    /** {@code GET /api/v1/models/{name}/decisions}: promotions, rejections and rollbacks, newest first. */
    public JsonNode decisions(String model, int page, int size) throws IOException {
        HttpResponse<byte[]> r = Http.get(model(model, "/decisions?page=" + page + "&size=" + size));
        if (r.statusCode() != 200) {
            throw Http.unexpected(r);
        }
        return Http.json(r);
    }

    /** {@code POST /api/v1/models/{name}/rollback} (admin): moves the champion to {@code version}; the event. */
    public JsonNode rollback(String model, int version, String reason) throws IOException {
        HttpResponse<byte[]> r = Http.send(HttpRequest.newBuilder(model(model, "/rollback"))
                .timeout(Duration.ofSeconds(60))
                .header("X-Admin-Key", adminKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.mapper().createObjectNode()
                        .put("version", version).put("reason", reason).toString().getBytes(
                                java.nio.charset.StandardCharsets.UTF_8))).build());
        if (r.statusCode() != 200) {
            throw Http.unexpected(r);
        }
        return Http.json(r);
    }

    /** {@code GET /api/v1/models/{name}/quarantines} (admin): every source with a quarantine record. */
    public JsonNode quarantines(String model) throws IOException {
        HttpResponse<byte[]> r = Http.send(HttpRequest.newBuilder(model(model, "/quarantines"))
                .timeout(Duration.ofSeconds(30)).header("X-Admin-Key", adminKey).GET().build());
        if (r.statusCode() != 200) {
            throw Http.unexpected(r);
        }
        return Http.json(r);
    }

    /** The URL an app downloads a version's bundle from ({@code 302} to a presigned S3 URL). */
    public URI downloadUrl(String model, int version) {
        return model(model, "/versions/" + version + "/download");
    }

    /** Follows the download redirect: the presigned URL it points at. */
    public URI presigned(String model, int version) throws IOException {
        HttpResponse<byte[]> r = Http.get(downloadUrl(model, version));
        if (r.statusCode() != 302) {
            throw Http.unexpected(r);
        }
        return URI.create(r.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                "The download of " + model + " v" + version + " answered 302 without a Location.")));
    }

    /** GET of a presigned URL: the file's bytes. */
    public static byte[] fetch(URI presigned) throws IOException {
        HttpResponse<byte[]> r = Http.get(presigned);
        if (r.statusCode() != 200) {
            throw Http.unexpected(r);
        }
        return r.body();
    }

    private URI model(String name, String rest) {
        return base.resolve("api/v1/models/" + name + rest);
    }
}
