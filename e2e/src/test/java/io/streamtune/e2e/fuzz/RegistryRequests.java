package io.streamtune.e2e.fuzz;

import io.streamtune.e2e.fuzz.FuzzRequest.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Bad requests to the registry's API: admin calls (define a model, roll back) with bad keys (401) or bad bodies
 * (400, 404), specs under bad names, reads of models, versions and pages that do not exist or with bad parameters
 * (400, 404, 406), wrong methods (405). A request whose only fault is its key carries a valid spec for a model that
 * does not exist yet, so a key check that let it through would create the model (and publish it on Kafka).
 */
public final class RegistryRequests {

    static final String JSON = "application/json";

    private final List<String> models;
    private final String adminKey;
    private final String otherServiceKey;

    /**
     * @param models the models that exist (none of them has a version or a champion)
     * @param otherServiceKey a key of another service (ingest's), wrong here
     */
    public RegistryRequests(List<String> models, String adminKey, String otherServiceKey) {
        this.models = List.copyOf(models);
        this.adminKey = adminKey;
        this.otherServiceKey = otherServiceKey;
    }

    public Arbitrary<FuzzRequest> all() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, badKey()),
                Tuple.of(30, badSpec()),
                Tuple.of(8, badSpecBody()),
                Tuple.of(6, badName()),
                Tuple.of(12, badRollback()),
                Tuple.of(14, badRead()),
                Tuple.of(6, wrongMethod()));
    }

    Arbitrary<FuzzRequest> badKey() {
        Arbitrary<FuzzRequest> define = Combinators.combine(newModel(), BadKeys.headers(adminKey, otherServiceKey))
                .as((name, auth) -> request("registry.key", "PUT", model(name), withJson(auth),
                        BadSpecs.json(BadSpecs.valid(name))));
        Arbitrary<FuzzRequest> rollback = Combinators.combine(existing(), BadKeys.headers(adminKey, otherServiceKey),
                Arbitraries.integers().between(1, 5)).as((name, auth, v) -> request("registry.key", "POST",
                        model(name) + "/rollback", withJson(auth), "{\"version\":" + v + ",\"reason\":\"fuzz\"}"));
        return Arbitraries.frequencyOf(Tuple.of(3, define), Tuple.of(1, rollback));
    }

    /** An invalid spec under an existing name (it would replace the spec) or a new one (it would create one). */
    Arbitrary<FuzzRequest> badSpec() {
        return Arbitraries.oneOf(existing(), newModel()).flatMap(name -> BadSpecs.invalid(name)
                .map(spec -> request("registry.spec", "PUT", model(name), admin(), spec)));
    }

    Arbitrary<FuzzRequest> badSpecBody() {
        return Combinators.combine(Arbitraries.oneOf(existing(), newModel()), Arbitraries.of(JSON, "text/plain",
                "application/xml"), Arbitraries.integers().between(0, 9)).flatAs((name, type, dice) -> {
                    Map<String, String> h = admin();
                    h.put("Content-Type", type);
                    String valid = BadSpecs.json(BadSpecs.valid(name));
                    // an array around a valid spec, or no body at all, besides the garbage every endpoint gets
                    Arbitrary<byte[]> body = dice == 0 ? Arbitraries.of(BadJson.utf8("[" + valid + "]"), new byte[0])
                            : BadJson.bodies(valid);
                    return body.map(b -> new FuzzRequest(Target.REGISTRY, "registry.spec-body", "PUT", model(name), h,
                            b, false));
                });
    }

    /** A valid spec (without a name of its own) under a name the rules refuse. */
    Arbitrary<FuzzRequest> badName() {
        // not a matrix parameter: "a;b=c" is the model "a" to JAX-RS, and a valid spec under it is a valid request
        return BadNames.modelNames(models).filter(n -> !isValidName(n) && !n.contains(";")).map(name -> new FuzzRequest(
                Target.REGISTRY, "registry.name", "PUT", "/api/v1/models/" + name, admin(),
                BadJson.utf8(withoutName(BadSpecs.valid("x"))), false));
    }

    Arbitrary<FuzzRequest> badRollback() {
        Arbitrary<byte[]> body = Arbitraries.oneOf(
                Arbitraries.of("{}", "{\"version\":0,\"reason\":\"r\"}", "{\"version\":-1,\"reason\":\"r\"}",
                        "{\"version\":\"x\",\"reason\":\"r\"}", "{\"version\":null,\"reason\":\"r\"}",
                        "{\"version\":2147483648,\"reason\":\"r\"}", "{\"version\":[1],\"reason\":\"r\"}",
                        "{\"version\":1}", "{\"version\":1,\"reason\":\"\"}", "{\"version\":1,\"reason\":\"   \"}",
                        "{\"version\":1,\"reason\":null}", "{\"version\":1,\"reason\":{}}",
                        "{\"version\":1,\"reason\":\"" + "r".repeat(501) + "\"}", "{\"reason\":\"r\"}")
                        .map(BadJson::utf8),
                // well-formed, for a version that does not exist
                Arbitraries.integers().between(1, Integer.MAX_VALUE).map(v -> BadJson.utf8("{\"version\":" + v
                        + ",\"reason\":\"fuzz\"}")),
                BadJson.bodies("{\"version\":1,\"reason\":\"fuzz\"}"));
        Arbitrary<String> name = Arbitraries.frequencyOf(Tuple.of(4, existing()), Tuple.of(1, newModel()),
                Tuple.of(1, BadNames.modelNames(models)));
        return Combinators.combine(name, body).as((n, b) -> new FuzzRequest(Target.REGISTRY, "registry.rollback",
                "POST", model(n) + "/rollback", admin(), b, false));
    }

    /** Reads that find nothing or are malformed: never one that answers 200. */
    Arbitrary<FuzzRequest> badRead() {
        Arbitrary<String> missing = Arbitraries.oneOf(newModel(), BadNames.modelNames(models));
        Arbitrary<String> badVersion = Arbitraries.oneOf(Arbitraries.of("abc", "-1", "0", "1.5", "99999999999", "%00",
                "1e3", "%20", "0x10", "%2F"), Arbitraries.integers().between(1, Integer.MAX_VALUE).map(String::valueOf));
        Arbitrary<String> badPage = Arbitraries.of("page=-1", "page=1000001", "page=abc", "size=0", "size=201",
                "size=-5", "size=abc", "page=1e3", "size=99999999999");
        Arbitrary<String> badLimit = Arbitraries.of("limit=0", "limit=5001", "limit=-1", "limit=abc", "limit=1.5");
        Arbitrary<String> path = Arbitraries.oneOf(
                missing.map(n -> model(n)),
                Arbitraries.oneOf(missing, existing()).map(n -> model(n) + "/champion"),
                missing.map(n -> model(n) + "/versions"),
                Combinators.combine(Arbitraries.oneOf(missing, existing()), badVersion).as((n, v) -> model(n)
                        + "/versions/" + v),
                Combinators.combine(existing(), badVersion, Arbitraries.of("model.zip", "../../../etc/passwd",
                        "%00", "..%2F..%2Fx", "")).as((n, v, f) -> model(n) + "/versions/" + v + "/download?file="
                                + f),
                Combinators.combine(existing(), badPage).as((n, q) -> model(n) + "/decisions?" + q),
                missing.map(n -> model(n) + "/decisions"),
                Combinators.combine(existing(), badLimit).as((n, q) -> model(n) + "/history?" + q),
                missing.map(n -> model(n) + "/history"),
                Arbitraries.oneOf(missing, existing()).map(n -> model(n) + "/training"),
                missing.map(n -> model(n) + "/events"),
                Arbitraries.of("/api/v1/model", "/api/v2/models", "/api/v1/models/x/y/z", "/api", "/api/v1/%2e%2e/q/x",
                        "/api/v1/models/" + models.get(0) + "/versions/1/download/x"));
        Arbitrary<Map<String, String>> headers = Arbitraries.oneOf(Arbitraries.just(Map.of()), Arbitraries.of(
                "text/html", "application/xml", "image/png", "x", "*/*;q=x").map(a -> Map.of("Accept", a)));
        return Combinators.combine(path, headers, Arbitraries.of("GET", "GET", "GET", "HEAD")).as((p, h, m) ->
                new FuzzRequest(Target.REGISTRY, "registry.read", m, p, h, new byte[0], false));
    }

    Arbitrary<FuzzRequest> wrongMethod() {
        Arbitrary<String[]> call = Arbitraries.of(
                new String[] {"DELETE", ""}, new String[] {"PATCH", ""}, new String[] {"POST", ""},
                new String[] {"PUT", "/champion"}, new String[] {"DELETE", "/champion"},
                new String[] {"GET", "/rollback"}, new String[] {"PUT", "/rollback"},
                new String[] {"DELETE", "/versions/1"}, new String[] {"POST", "/decisions"},
                new String[] {"FUZZ", ""}, new String[] {"TRACE", ""});
        return Combinators.combine(existing(), call, Arbitraries.of(true, false)).as((n, c, withKey) -> {
            Map<String, String> h = withKey ? admin() : withJson(Map.of());
            return request("registry.method", c[0], model(n) + c[1], h, BadSpecs.json(BadSpecs.valid(n)));
        });
    }

    private Arbitrary<String> existing() {
        return Arbitraries.of(models);
    }

    /** A valid name no model has. */
    private Arbitrary<String> newModel() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(20)
                .map(s -> "fuzz-new-" + s).filter(n -> !models.contains(n));
    }

    private static boolean isValidName(String encoded) {
        return encoded.matches("[a-z0-9][a-z0-9-]{0,62}");
    }

    private static String model(String encodedName) {
        return "/api/v1/models/" + encodedName;
    }

    private static String withoutName(Map<String, String> spec) {
        Map<String, String> s = new LinkedHashMap<>(spec);
        s.remove("name");
        return BadSpecs.json(s);
    }

    private Map<String, String> admin() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(BadKeys.ADMIN_KEY, adminKey);
        h.put("Content-Type", JSON);
        return h;
    }

    private static Map<String, String> withJson(Map<String, String> auth) {
        Map<String, String> h = new LinkedHashMap<>(auth);
        h.put("Content-Type", JSON);
        return h;
    }

    private static FuzzRequest request(String kind, String method, String path, Map<String, String> headers,
            String body) {
        return new FuzzRequest(Target.REGISTRY, kind, method, path, headers, BadJson.utf8(body), false);
    }
}
