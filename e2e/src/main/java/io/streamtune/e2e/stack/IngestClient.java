package io.streamtune.e2e.stack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.contracts.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends labelled examples to ingest ({@code POST /api/v1/models/{model}/examples}) the way a well-behaved app does:
 * its own ids (so a resend is safe), a pause on 429/503 for as long as Retry-After says, and a wait while ingest
 * does not know the model yet (the spec travels over Kafka).
 */
public final class IngestClient {

    private static final int MAX_ATTEMPTS = 30;

    private final URI base;
    private final String apiKey;
    private final Observer observer;
    private final Duration timeout;

    public IngestClient(String baseUrl, String apiKey) {
        this(baseUrl, apiKey, new Observer() { }, Duration.ofSeconds(60));
    }

    private IngestClient(String baseUrl, String apiKey, Observer observer, Duration timeout) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.apiKey = apiKey;
        this.observer = observer;
        this.timeout = timeout;
    }

    /** This client, telling {@code observer} of every answer and every failed attempt (tests count them). */
    public IngestClient observed(Observer observer) {
        return new IngestClient(base.toString(), apiKey, observer, timeout);
    }

    /**
     * This client, giving up on an answer after {@code timeout} (and sending again): an impatient app, whose resends
     * may land next to a first attempt that was written after all.
     */
    public IngestClient withTimeout(Duration timeout) {
        return new IngestClient(base.toString(), apiKey, observer, timeout);
    }

    /** What a test hears of each attempt; both do nothing by default. */
    public interface Observer {

        /** An answer: its status, whether it carried Retry-After, its body. */
        default void answered(int status, boolean retryAfter, byte[] body) {
        }

        /** An attempt that got no answer (connection refused or reset, timeout). */
        default void failed(IOException error) {
        }
    }

    /** One example as the API takes it; absent fields are left out of the JSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Example(String id, String text, String label, Instant eventTime, Map<String, String> metadata) {
    }

    /** Where an accepted example went: {@code train} or {@code heldout}, and its place in Kafka. */
    public record Placement(String id, String split, int partition, long offset) {

        public boolean train() {
            return "train".equals(split);
        }
    }

    /** An example ingest refused, with its reasons; nothing of it was written. */
    public record Refused(Example example, String reason) {
    }

    public record Result(List<Placement> accepted, List<Refused> refused) {
    }

    /**
     * Sends one batch. Examples ingest finds invalid are left out and the rest sent again, so one bad email does not
     * stop a stream; they come back in {@link Result#refused()}.
     */
    public Result send(String model, List<Example> batch) throws IOException {
        List<Example> pending = new ArrayList<>(batch);
        List<Refused> refused = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            if (pending.isEmpty()) {
                return new Result(List.of(), refused);
            }
            HttpResponse<byte[]> r;
            try {
                r = Http.send(HttpRequest.newBuilder(base.resolve("api/v1/models/" + model + "/examples"))
                        .timeout(timeout)
                        .header("Authorization", "Bearer " + apiKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.write(pending))).build());
            } catch (IOException e) {
                observer.failed(e);
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                Waits.sleep(Duration.ofSeconds(2));
                continue;
            }
            int status = r.statusCode();
            observer.answered(status, r.headers().firstValue("Retry-After").isPresent(), r.body());
            if (status == 202) {
                return new Result(placements(Http.json(r)), refused);
            }
            if (status == 400 && dropInvalid(pending, Http.json(r), refused)) {
                continue;
            }
            boolean transient_ = status == 429 || status == 503 || status == 404;
            if (!transient_ || attempt >= MAX_ATTEMPTS) {
                throw Http.unexpected(r);
            }
            // 404: the spec has not reached ingest yet
            long seconds = r.headers().firstValueAsLong("Retry-After").orElse(2);
            Waits.sleep(Duration.ofSeconds(Math.max(1, Math.min(seconds, 30))));
        }
    }

    private static List<Placement> placements(JsonNode body) {
        List<Placement> out = new ArrayList<>();
        for (JsonNode p : body.path("examples")) {
            out.add(new Placement(p.path("id").asText(), p.path("split").asText(), p.path("partition").asInt(),
                    p.path("offset").asLong()));
        }
        return out;
    }

    /** Moves the examples a 400 names into {@code refused}; false when the 400 names none (the request was bad). */
    private static boolean dropInvalid(List<Example> pending, JsonNode error, List<Refused> refused) {
        Map<Integer, List<String>> reasons = new LinkedHashMap<>();
        for (JsonNode v : error.path("violations")) {
            if (v.hasNonNull("index")) {
                reasons.computeIfAbsent(v.get("index").asInt(), i -> new ArrayList<>())
                        .add(v.path("field").asText() + " " + v.path("reason").asText());
            }
        }
        if (reasons.isEmpty()) {
            return false;
        }
        Map<Integer, Example> byIndex = new HashMap<>();
        for (int i = 0; i < pending.size(); i++) {
            byIndex.put(i, pending.get(i));
        }
        reasons.forEach((i, why) -> {
            Example e = byIndex.remove(i);
            if (e != null) {
                refused.add(new Refused(e, String.join("; ", why)));
            }
        });
        List<Example> rest = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            if (byIndex.containsKey(i)) {
                rest.add(pending.get(i));
            }
        }
        pending.clear();
        pending.addAll(rest);
        return true;
    }
}
