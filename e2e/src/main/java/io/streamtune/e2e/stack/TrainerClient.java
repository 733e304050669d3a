package io.streamtune.e2e.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Optional;

/** The trainer's status API ({@code GET /api/v1/trainer/models/{model}}): state, step, last loss, positions, lag. */
public final class TrainerClient {

    private final URI base;

    public TrainerClient(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    /** The loop's status; empty when the trainer does not answer (starting, restarting, gone). */
    public Optional<JsonNode> status(String model) {
        try {
            HttpResponse<byte[]> r = Http.get(base.resolve("api/v1/trainer/models/" + model));
            return r.statusCode() == 200 ? Optional.of(Http.json(r)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The status of every model this trainer (one replica of the pool) owns now; empty when it does not answer. */
    public Optional<JsonNode> owned() {
        try {
            HttpResponse<byte[]> r = Http.get(base.resolve("api/v1/trainer/models"));
            return r.statusCode() == 200 ? Optional.of(Http.json(r)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The sum of the loop's positions over the train topic's partitions: records taken so far. */
    public static long position(JsonNode status) {
        long sum = 0;
        for (JsonNode p : status.path("positions")) {
            sum += p.asLong();
        }
        return sum;
    }
}
