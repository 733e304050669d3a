package io.streamtune.e2e.fuzz;

import io.streamtune.e2e.fuzz.FuzzRequest.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Bad requests to ingest's {@code POST /api/v1/models/{model}/examples}, each refused for a reason of its own kind:
 * the key (401), a key without the model (403), the model name (400, 404), the content type (415), the examples
 * (400), the batch or body size (413), the method (405). Where one thing is wrong, the rest is right, so a gate that
 * lets a bad request through would write it.
 */
public final class IngestRequests {

    static final String JSON = "application/json";
    static final String NDJSON = "application/x-ndjson";

    private final List<FuzzModel> models;
    private final String key;
    private final String limitedKey;
    private final String otherServiceKey;

    /**
     * @param key a key that may write every model
     * @param limitedKey a key that may write none of {@code models}
     * @param otherServiceKey a key of another service (the registry's admin key)
     */
    public IngestRequests(List<FuzzModel> models, String key, String limitedKey, String otherServiceKey) {
        this.models = List.copyOf(models);
        this.key = key;
        this.limitedKey = limitedKey;
        this.otherServiceKey = otherServiceKey;
    }

    public Arbitrary<FuzzRequest> all() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, badKey()),
                Tuple.of(3, forbidden()),
                Tuple.of(8, badModel()),
                Tuple.of(8, badContentType()),
                Tuple.of(20, badExamples()),
                Tuple.of(15, oneBadInABatch()),
                Tuple.of(12, badBody()),
                Tuple.of(1, oversized()),
                Tuple.of(4, wrongMethod()));
    }

    Arbitrary<FuzzRequest> badKey() {
        return Combinators.combine(model(), BadKeys.headers(key, otherServiceKey), validBatch(1, 5))
                .as((m, auth, body) -> post("ingest.key", m.name(), headers(auth, JSON), body));
    }

    Arbitrary<FuzzRequest> forbidden() {
        return Combinators.combine(model(), validBatch(1, 5)).as((m, body) -> post("ingest.forbidden", m.name(),
                headers(Map.of(BadKeys.AUTHORIZATION, "Bearer " + limitedKey), JSON), body));
    }

    Arbitrary<FuzzRequest> badModel() {
        return Combinators.combine(BadNames.modelNames(models.stream().map(FuzzModel::name).toList()),
                validBatch(1, 3)).as((name, body) -> new FuzzRequest(Target.INGEST, "ingest.model", "POST",
                        "/api/v1/models/" + name + "/examples", good(JSON), body, false));
    }

    Arbitrary<FuzzRequest> badContentType() {
        Arbitrary<String> garbage = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(60);
        Arbitrary<String> type = Arbitraries.oneOf(Arbitraries.of("text/plain", "application/xml", "text/json",
                "application/json; charset=iso-8859-1", "application/json; charset=utf-16", "application/json;charset=",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx",
                "json", "*/*", "application/*", "application/ndjson", "application/x-ndjson; charset=latin1",
                "application/octet-stream", ""), garbage).filter(t -> !accepted(t));
        Arbitrary<Map<String, String>> headers = Arbitraries.oneOf(
                Arbitraries.just(auth()),
                type.map(t -> {
                    Map<String, String> h = auth();
                    h.put("Content-Type", t);
                    return h;
                }));
        return Combinators.combine(model(), headers, validBatch(1, 5)).as((m, h, body) -> post("ingest.content-type",
                m.name(), h, body));
    }

    /** One to eight examples, at least one invalid, as one object, an array or NDJSON. */
    Arbitrary<FuzzRequest> badExamples() {
        return model().flatMap(m -> {
            BadExamples e = new BadExamples(m);
            return Combinators.combine(e.valid().list().ofMaxSize(7), e.invalid(), Arbitraries.integers()
                    .between(0, 7), Arbitraries.of(true, false)).as((valid, invalid, at, ndjson) -> {
                        List<String> batch = BadExamples.withOneBad(valid, invalid, at);
                        return post("ingest.examples", m.name(), good(ndjson ? NDJSON : JSON), ndjson
                                ? ndjson(batch) : batch.size() == 1 ? utf8(batch.get(0)) : array(batch));
                    });
        });
    }

    /** A large batch of valid examples with one bad among them, or one example over the batch limit. */
    Arbitrary<FuzzRequest> oneBadInABatch() {
        return model().flatMap(m -> {
            BadExamples e = new BadExamples(m);
            Arbitrary<FuzzRequest> oneBad = Combinators.combine(e.validMany(50, 999),
                    e.invalid(), Arbitraries.integers().between(0, 999), Arbitraries.of(true, false))
                    .as((valid, invalid, at, ndjson) -> {
                        List<String> batch = BadExamples.withOneBad(valid, invalid, at);
                        return post("ingest.batch", m.name(), good(ndjson ? NDJSON : JSON), ndjson ? ndjson(batch)
                                : array(batch));
                    });
            Arbitrary<FuzzRequest> tooMany = Combinators.combine(e.validMany(1001, 1100),
                    Arbitraries.of(true, false)).as((valid, ndjson) -> post("ingest.batch-size", m.name(),
                            good(ndjson ? NDJSON : JSON), ndjson ? ndjson(valid) : array(valid)));
            return Arbitraries.frequencyOf(Tuple.of(4, oneBad), Tuple.of(1, tooMany));
        });
    }

    Arbitrary<FuzzRequest> badBody() {
        return Combinators.combine(model(), Arbitraries.of(JSON, NDJSON), BadJson.bodies(
                "{\"id\":\"m-1\",\"text\":\"fuzz\",\"label\":\"" + models.get(0).labels().get(0) + "\"}"))
                .as((m, type, body) -> post("ingest.body", m.name(), good(type), body));
    }

    /** Bodies over the 4 MB limit, with a declared length or chunked (the resource checks what arrived). */
    Arbitrary<FuzzRequest> oversized() {
        return Combinators.combine(model(), Arbitraries.of(OversizedBodies.SIZES), Arbitraries.of(true, false))
                .as((m, size, chunked) -> new FuzzRequest(Target.INGEST, "ingest.oversized", "POST", path(m.name()),
                        good(JSON), OversizedBodies.of(size), chunked));
    }

    Arbitrary<FuzzRequest> wrongMethod() {
        return Combinators.combine(model(), Arbitraries.of("GET", "PUT", "DELETE", "PATCH", "FUZZ"),
                validBatch(1, 3)).as((m, method, body) -> new FuzzRequest(Target.INGEST, "ingest.method", method,
                        path(m.name()), good(JSON), body, false));
    }

    /** What ingest reads: JSON or NDJSON, with no charset or UTF-8. */
    static boolean accepted(String contentType) {
        String[] parts = contentType.split(";");
        String type = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].strip().split("=", 2);
            if (kv[0].strip().equalsIgnoreCase("charset") && (kv.length < 2
                    || !kv[1].strip().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                return false;
            }
        }
        return type.equals(JSON) || type.equals(NDJSON);
    }

    private Arbitrary<FuzzModel> model() {
        return Arbitraries.of(models);
    }

    /** Valid examples of any model as a JSON array: only the one thing a request gets wrong refuses it. */
    private Arbitrary<byte[]> validBatch(int min, int max) {
        return model().flatMap(m -> new BadExamples(m).valid().list().ofMinSize(min).ofMaxSize(max))
                .map(IngestRequests::array);
    }

    private FuzzRequest post(String kind, String model, Map<String, String> headers, byte[] body) {
        return new FuzzRequest(Target.INGEST, kind, "POST", path(model), headers, body, false);
    }

    private static String path(String model) {
        return "/api/v1/models/" + PathSegments.encode(model) + "/examples";
    }

    private Map<String, String> auth() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(BadKeys.AUTHORIZATION, "Bearer " + key);
        return h;
    }

    private Map<String, String> good(String contentType) {
        Map<String, String> h = auth();
        h.put("Content-Type", contentType);
        return h;
    }

    private static Map<String, String> headers(Map<String, String> auth, String contentType) {
        Map<String, String> h = new LinkedHashMap<>(auth);
        h.put("Content-Type", contentType);
        return h;
    }

    private static byte[] array(List<String> examples) {
        return utf8(examples.stream().collect(Collectors.joining(",", "[", "]")));
    }

    private static byte[] ndjson(List<String> examples) {
        return utf8(String.join("\n", examples) + "\n");
    }

    private static byte[] utf8(String s) {
        return BadJson.utf8(s);
    }
}
