package io.streamtune.e2e.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Model specs for {@code PUT /api/v1/models/{name}}: a valid one, and invalid ones made from it by one to three
 * changes the registry must refuse whatever else the spec holds (every field in turn out of range, of a wrong type,
 * missing or null), on top of changes it accepts (unknown fields, numbers as strings). A value that the JSON reader
 * coerces into a valid one (a 0 that means "the default", "300" for 300) is never counted as a breaking change.
 */
final class BadSpecs {

    private static final String REMOVE = "<remove>";

    private BadSpecs() {
    }

    /** The valid spec for {@code name}, every section given. */
    static Map<String, String> valid(String name) {
        Map<String, String> training = new LinkedHashMap<>();
        training.put("fineTuneMode", "\"top-k\"");
        training.put("topK", "2");
        training.put("batchSize", "16");
        training.put("learningRate", "5e-5");
        training.put("maxSeqLength", "128");
        Map<String, String> s = new LinkedHashMap<>();
        s.put("name", JsonText.string(name));
        s.put("labels", "{\"open\":false,\"values\":[\"spam\",\"ham\"]}");
        s.put("baseModel", "\"all-minilm-l6-v2\"");
        s.put("maxTextChars", "500");
        s.put("heldoutPercent", "20");
        s.put("minHeldout", "50");
        s.put("training", JsonText.object(training));
        s.put("promotion", "{\"minMacroF1\":0.5,\"minDelta\":0.0,\"maxForgetting\":0.05,\"minEvaluated\":50}");
        return s;
    }

    static String json(Map<String, String> spec) {
        return JsonText.object(spec);
    }

    /** The valid spec for {@code name} with one to three breaking changes and up to two harmless ones. */
    static Arbitrary<String> invalid(String name) {
        return Combinators.combine(harmless().list().ofMaxSize(2), breaking(name).list().ofMinSize(1).ofMaxSize(3))
                .as((noise, changes) -> {
                    Map<String, String> spec = valid(name);
                    List<Tuple2<String, String>> all = new ArrayList<>(noise);
                    all.addAll(changes);
                    for (Tuple2<String, String> c : all) {
                        apply(spec, c.get1(), c.get2());
                    }
                    return json(spec);
                });
    }

    /** Sets (or removes) a field; {@code training.topK} reaches into the section. */
    private static void apply(Map<String, String> spec, String field, String raw) {
        int dot = field.indexOf('.');
        if (dot < 0) {
            if (raw.equals(REMOVE)) {
                spec.remove(field);
            } else {
                spec.put(field, raw);
            }
            return;
        }
        String section = field.substring(0, dot);
        String current = spec.get(section);
        Map<String, String> inner = current != null && current.startsWith("{") ? parseFlat(current)
                : new LinkedHashMap<>();
        if (raw.equals(REMOVE)) {
            inner.remove(field.substring(dot + 1));
        } else {
            inner.put(field.substring(dot + 1), raw);
        }
        spec.put(section, JsonText.object(inner));
    }

    /** A flat object as this class writes it: {@code {"k":v,...}} with no nested commas in the values. */
    private static Map<String, String> parseFlat(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        String body = json.substring(1, json.length() - 1);
        if (body.isEmpty()) {
            return out;
        }
        for (String pair : body.split(",(?=\")")) {
            int colon = pair.indexOf("\":");
            out.put(pair.substring(1, colon), pair.substring(colon + 2));
        }
        return out;
    }

    /** Changes the registry takes: ignored fields, numbers as strings, fields it sets itself. */
    private static Arbitrary<Tuple2<String, String>> harmless() {
        return Arbitraries.oneOf(
                Arbitraries.of("foo", "extra", "__proto__", "NAME").map(f -> Tuple.of(f, "{\"x\":[1,2,{}]}")),
                Arbitraries.of(Tuple.of("eventId", "\"spoofed\""), Tuple.of("occurredAt", "\"yesterday\""),
                        Tuple.of("maxTextChars", "\"300\""), Tuple.of("minHeldout", "60"),
                        Tuple.of("training.batchSize", "\"32\""), Tuple.of("promotion.minDelta", "0.01")));
    }

    private static Arbitrary<Tuple2<String, String>> breaking(String name) {
        return Arbitraries.oneOf(
                on("name", Arbitraries.of(JsonText.string(name + "-other"), "\"\"", "123", "[]", "{}",
                        JsonText.string(name.toUpperCase()), JsonText.string(" " + name))),
                on("labels", Arbitraries.oneOf(Arbitraries.of(REMOVE, "null", "\"spam\"", "[]", "{}", "[\"spam\",\"ham\"]",
                        "{\"open\":false,\"values\":[\"x\"]}", "{\"open\":false,\"values\":[]}",
                        "{\"open\":false,\"values\":[\"a\",\"a\"]}", "{\"open\":false,\"values\":[\"a\",\"\"]}",
                        "{\"open\":false,\"values\":[\"a\",\" b\"]}", "{\"open\":false,\"values\":[\"a\",\"b\\n\"]}",
                        "{\"open\":false,\"values\":[\"a\",\"" + "x".repeat(129) + "\"]}",
                        "{\"open\":false,\"values\":[\"a\",null]}", "{\"open\":false,\"values\":\"a\"}",
                        "{\"open\":false,\"values\":[[],{}]}", "{\"open\":\"maybe\",\"values\":[\"a\",\"b\"]}",
                        "{\"open\":true,\"values\":[\"a\",\"\\u0000\"]}"), tooManyLabels())),
                on("baseModel", Arbitraries.of("\"../../etc/passwd\"", "\"http://169.254.169.254/x\"", "\"/models/x\"",
                        "\"ALL-MINILM\"", "\"a:b\"", "\"-x\"", JsonText.string("m".repeat(65)), "[]", "{}",
                        "\"file:///etc/passwd\"", "\"C:\\\\models\"")),
                on("maxTextChars", Arbitraries.of("-1", "-2147483648", "1000001", "2147483647", "2147483648",
                        "99999999999999999999", "\"abc\"", "[]", "{}", "1e400", "\"-5\"", "1.0e7", "-0.5e1")),
                on("heldoutPercent", Arbitraries.of("91", "100", "-1", "1000", "\"ninety\"", "[]")),
                on("minHeldout", Arbitraries.of("-1", "1000001", "\"x\"", "{}")),
                on("training", Arbitraries.of("\"x\"", "[]", "123", "true")),
                Arbitraries.of(TRAINING_OUT_OF_RANGE).map(kv -> Tuple.of("training." + kv[0], kv[1])),
                on("promotion", Arbitraries.of("\"x\"", "[]", "1")),
                Arbitraries.of(PROMOTION_OUT_OF_RANGE).map(kv -> Tuple.of("promotion." + kv[0], kv[1])));
    }

    private static final String[][] TRAINING_OUT_OF_RANGE = {
        {"fineTuneMode", "\"bogus\""}, {"fineTuneMode", "7"}, {"replay", "\"bogus\""}, {"topK", "49"},
        {"topK", "-1"}, {"batchSize", "1025"}, {"batchSize", "-16"}, {"maxWaitMillis", "600001"},
        {"maxWaitMillis", "-1"}, {"learningRate", "2.0"}, {"learningRate", "-1e-3"}, {"learningRate", "1e-9"},
        {"learningRate", "\"NaN\""}, {"headLearningRate", "1.5"}, {"warmupSteps", "-1"}, {"maxSeqLength", "7"},
        {"maxSeqLength", "513"}, {"maxWindows", "65"}, {"replayCapacity", "1000001"}, {"replayRatio", "16.5"},
        {"replayRatio", "-1"}, {"maxSourceShare", "0.001"}, {"maxSourceShare", "1.5"},
        {"checkpointEverySteps", "-1"}, {"checkpointEverySeconds", "86401"}, {"unfreezeEverySteps", "-1"},
        {"lrDecaySteps", "-1"}, {"lrFloor", "2"}, {"lrFloor", "\"Infinity\""}, {"checkpointQuietSeconds", "86401"},
        {"topK", "\"two\""}, {"batchSize", "[]"}, {"learningRate", "{}"}};

    private static final String[][] PROMOTION_OUT_OF_RANGE = {
        {"minMacroF1", "1.5"}, {"minMacroF1", "-0.1"}, {"minMacroF1", "\"NaN\""}, {"minDelta", "2"},
        {"minDelta", "-2"}, {"maxForgetting", "-1"}, {"maxForgetting", "1.01"}, {"minEvaluated", "0"},
        {"minEvaluated", "-1"}, {"minEvaluated", "10000001"}, {"minEvaluated", "\"x\""}, {"minMacroF1", "[]"}};

    private static Arbitrary<Tuple2<String, String>> on(String field, Arbitrary<String> raw) {
        return raw.map(r -> Tuple.of(field, r));
    }

    /** A closed set past the 10,000-label limit (about 80 kB). */
    private static Arbitrary<String> tooManyLabels() {
        return Arbitraries.integers().between(10_001, 10_050).map(n -> {
            StringBuilder s = new StringBuilder("{\"open\":false,\"values\":[");
            for (int i = 0; i < n; i++) {
                s.append(i == 0 ? "" : ",").append("\"l").append(i).append('"');
            }
            return s.append("]}").toString();
        });
    }
}
