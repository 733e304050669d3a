package io.streamtune.e2e.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Examples for one model, as JSON objects: valid ones, and invalid ones made from a valid one by one to three changes
 * that ingest must refuse whatever else the example holds (a missing or mistyped field, an unknown label, an
 * oversized text or metadata, a bad id or eventTime, a field a client may not send, a repeated key).
 */
final class BadExamples {

    /** Where a change removes the field instead of setting it. */
    private static final String REMOVE = "<remove>";

    private final FuzzModel model;

    BadExamples(FuzzModel model) {
        this.model = model;
    }

    /** A valid example: a text within the limit, a known label, maybe an id, an eventTime and metadata. */
    Arbitrary<String> valid() {
        return validFields().map(JsonText::object);
    }

    /**
     * {@code min} to {@code max} valid examples with the ids {@code b-0, b-1, ...}, cycling through up to 20
     * generated ones: a batch of a thousand costs twenty generations.
     */
    Arbitrary<List<String>> validMany(int min, int max) {
        Arbitrary<String> withoutId = validFields().map(f -> {
            f.remove("id");
            return JsonText.object(f);
        });
        return Combinators.combine(withoutId.list().ofMinSize(1).ofMaxSize(20), Arbitraries.integers().between(min,
                max)).as((pool, n) -> {
                    List<String> out = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        out.add("{\"id\":\"b-" + i + "\"," + pool.get(i % pool.size()).substring(1));
                    }
                    return out;
                });
    }

    Arbitrary<String> invalid() {
        return Combinators.combine(validFields(), change().list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.integers().between(0, 9)).as((fields, changes, dice) -> {
                    Map<String, String> out = new LinkedHashMap<>(fields);
                    for (Tuple.Tuple2<String, String> c : changes) {
                        if (c.get2().equals(REMOVE)) {
                            out.remove(c.get1());
                        } else {
                            out.put(c.get1(), c.get2());
                        }
                    }
                    String json = JsonText.object(out);
                    // one in ten also repeats a key, which the strict reader refuses on its own
                    return dice == 0 ? json.substring(0, json.length() - 1) + (out.isEmpty() ? "" : ",")
                            + "\"text\":\"again\",\"text\":\"and again\"}" : json;
                });
    }

    private Arbitrary<Map<String, String>> validFields() {
        Arbitrary<String> alnum = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> text = Arbitraries.strings().alpha().numeric().withChars(' ', 'é', '€', '😀')
                .ofMinLength(1).ofMaxLength(Math.min(100, model.maxTextChars() - 5)).map(t -> "fuzz " + t);
        Arbitrary<String> id = Arbitraries.strings().alpha().numeric().withChars('.', '_', ':', '-').ofLength(16)
                .map(s -> "f" + s);
        Arbitrary<String> eventTime = Arbitraries.longs().between(0, 4_102_444_800L)
                .map(s -> java.time.Instant.ofEpochSecond(s).toString());
        Arbitrary<Map<String, String>> metadata = Arbitraries.maps(alnum, alnum).ofMaxSize(3);
        return Combinators.combine(text, Arbitraries.of(model.labels()), id.injectNull(0.5),
                eventTime.injectNull(0.7), metadata.injectNull(0.7)).as((t, l, i, e, m) -> {
                    Map<String, String> f = new LinkedHashMap<>();
                    if (i != null) {
                        f.put("id", JsonText.string(i));
                    }
                    f.put("text", JsonText.string(t));
                    f.put("label", JsonText.string(l));
                    if (e != null) {
                        f.put("eventTime", JsonText.string(e));
                    }
                    if (m != null) {
                        Map<String, String> raw = new LinkedHashMap<>();
                        m.forEach((k, v) -> raw.put(k, JsonText.string(v)));
                        f.put("metadata", JsonText.object(raw));
                    }
                    return f;
                });
    }

    /** One change that makes any example invalid: (field, raw JSON value or {@link #REMOVE}). */
    private Arbitrary<Tuple.Tuple2<String, String>> change() {
        return Arbitraries.oneOf(
                on("text", Arbitraries.oneOf(Arbitraries.of(REMOVE, "null", "\"\"", "\"   \"", "\"a\\u0000b\"", "1",
                        "[]", "{}", "true", "[\"x\"]"), overLimit(model.maxTextChars() + 1, model.maxTextChars() + 50)
                        .map(JsonText::string))),
                on("label", Arbitraries.oneOf(Arbitraries.of(REMOVE, "null", "\"\"", "1", "[\"" + model.labels().get(0)
                        + "\"]", "{}", JsonText.string(" " + model.labels().get(0)),
                        JsonText.string(model.labels().get(0) + "\n"), JsonText.string(model.labels().get(0)
                                .toUpperCase()), JsonText.string("x".repeat(129))), unknownLabel())),
                on("id", Arbitraries.of("\"\"", "\" \"", "\"../etc\"", "\"a b\"", "\"-x\"", "\".x\"",
                        JsonText.string("a".repeat(129)), "\"\u00fc\"", "\"a/b\"", "1", "{}", "[]", "true",
                        "\"x\\u0000\"")),
                on("eventTime", Arbitraries.of("\"yesterday\"", "\"2026-13-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"",
                        "\"1700000000\"", "1700000000", "\"\"", "{}", "\"2026-01-01\"", "\"2026-01-01T00:00:00\"",
                        "\"+99999999999-01-01T00:00:00Z\"", "true")),
                on("metadata", Arbitraries.oneOf(Arbitraries.of("[]", "\"x\"", "1", "{\"k\":1}", "{\"k\":null}",
                        "{\"k\":{}}", "{\"\":\"v\"}", "{\"k\":\"a\\u0000\"}", JsonText.object(Map.of("k".repeat(65),
                        "\"v\"")), JsonText.object(Map.of("k", JsonText.string("v".repeat(257))))), tooManyEntries())),
                Arbitraries.of("model", "source", "foo", "Text", "__proto__", "label ").map(f -> Tuple.of(f,
                        "\"" + model.name() + "\"")));
    }

    private static Arbitrary<Tuple.Tuple2<String, String>> on(String field, Arbitrary<String> raw) {
        return raw.map(r -> Tuple.of(field, r));
    }

    private static Arbitrary<String> overLimit(int min, int max) {
        return Arbitraries.integers().between(min, max).map(n -> "t".repeat(n));
    }

    private Arbitrary<String> unknownLabel() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20)
                .filter(l -> !model.labels().contains(l)).map(JsonText::string);
    }

    private static Arbitrary<String> tooManyEntries() {
        return Arbitraries.integers().between(17, 40).map(n -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                m.put("k" + i, "\"v\"");
            }
            return JsonText.object(m);
        });
    }

    /** {@code n} examples as one batch: each valid but one, at {@code bad}. */
    static List<String> withOneBad(List<String> valid, String invalid, int bad) {
        List<String> out = new ArrayList<>(valid);
        out.add(Math.min(bad, out.size()), invalid);
        return out;
    }
}
