package io.streamtune.e2e.fuzz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Credentials that must not pass: none, an empty or malformed Authorization header, another service's key, a near
 * miss of the right key, random and oversized keys, a bad Bearer key shadowing a good key in another header.
 * Never one the services accept after trimming and case-folding the scheme.
 */
final class BadKeys {

    static final String AUTHORIZATION = "Authorization";
    static final String API_KEY = "X-API-Key";
    static final String ADMIN_KEY = "X-Admin-Key";

    private BadKeys() {
    }

    /**
     * @param good the key the endpoint takes (near misses are made from it; it never comes out as it is)
     * @param other a key of another service, wrong here
     */
    static Arbitrary<Map<String, String>> headers(String good, String other) {
        Arbitrary<String> wrong = wrongKeys(good, other);
        return Arbitraries.oneOf(
                Arbitraries.just(Map.of()),
                Arbitraries.of("", "Bearer", "Bearer ", "Bearer \t ", "Basic " + good, "Basic ZGVtbzpkZW1vLWtleQ==",
                        good, "Token " + good, "Bearer: " + good, "Bearer" + good, "Digest username=\"" + good + "\"")
                        .map(v -> Map.of(AUTHORIZATION, v)),
                wrong.map(k -> Map.of(AUTHORIZATION, "Bearer " + k)),
                wrong.map(k -> Map.of(API_KEY, k)),
                wrong.map(k -> Map.of(ADMIN_KEY, k)),
                Arbitraries.of(API_KEY, ADMIN_KEY).map(h -> Map.of(h, "")),
                // Authorization is read first: a bad Bearer key is refused even beside a good key
                wrong.map(k -> headers(AUTHORIZATION, "Bearer " + k, API_KEY, good, ADMIN_KEY, good)));
    }

    static Arbitrary<String> wrongKeys(String good, String other) {
        Arbitrary<String> printable = Arbitraries.strings().withCharRange('!', '~').withCharRange('\u00a0', '\u00ff')
                .ofMinLength(1).ofMaxLength(100);
        Arbitrary<String> nearMiss = Arbitraries.of(List.of(good.toUpperCase(), good + "x", good.substring(1),
                good.substring(0, good.length() - 1), good.replace('-', '_'), good + good, "x" + good,
                good.charAt(0) + " " + good.substring(1), good + "\u00e9"));
        Arbitrary<String> huge = Arbitraries.integers().between(1_000, 12_000).map(n -> "k".repeat(n));
        return Arbitraries.frequencyOf(
                Tuple.of(5, printable),
                Tuple.of(3, nearMiss),
                Tuple.of(1, Arbitraries.just(other)),
                Tuple.of(1, huge))
                .filter(k -> !k.strip().equals(good));
    }

    private static Map<String, String> headers(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
