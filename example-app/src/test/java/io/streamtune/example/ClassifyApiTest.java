package io.streamtune.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.client.Prediction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request parsing and replies of POST /classify, with a stand-in for the model: no registry needed. */
class ClassifyApiTest {

    private final List<String> asked = new ArrayList<>();
    private final ClassifyApi api = new ClassifyApi(text -> {
        asked.add(text);
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("ham", 0.03);
        p.put("spam", 0.97);
        return new Prediction("spam", p, new float[] {-1.7f, 1.7f}, 3, "ck-3");
    });

    @Test
    void aTextIsClassified() throws Exception {
        ClassifyApi.Reply r = api.handle("POST", bytes("{\"text\":\"WIN A FREE CRUISE\",\"extra\":1}"));
        assertEquals(200, r.status(), r.body());
        JsonNode json = new ObjectMapper().readTree(r.body());
        assertEquals("spam", json.get("label").asText());
        assertEquals(0.97, json.get("probabilities").get("spam").asDouble(), 1e-12);
        assertEquals(0.03, json.get("probabilities").get("ham").asDouble(), 1e-12);
        assertEquals(3, json.get("version").asInt());
        assertEquals(List.of("WIN A FREE CRUISE"), asked);
    }

    @Test
    void badInputIsA400ThatSaysWhatIsWrong() throws Exception {
        assertError(400, "", "empty body");
        assertError(400, "{\"text\": ", "not JSON");
        assertError(400, "[\"text\"]", "JSON object");
        assertError(400, "\"just a string\"", "JSON object");
        assertError(400, "{\"txt\":\"hello\"}", "missing field \"text\"");
        assertError(400, "{\"text\":null}", "missing field \"text\"");
        assertError(400, "{\"text\":42}", "must be a string, not number");
        assertError(400, "{\"text\":[\"a\"]}", "must be a string, not array");
        assertError(400, "{\"text\":\"   \"}", "blank");
        assertEquals(List.of(), asked, "the model is asked nothing on bad input");
    }

    @Test
    void otherMethodsAndHugeBodiesAreRefused() throws Exception {
        assertEquals(405, api.handle("GET", new byte[0]).status());
        assertEquals(413, api.handle("POST", new byte[ClassifyApi.MAX_BODY + 1]).status());
    }

    @Test
    void aModelFailureIsA503() throws Exception {
        ClassifyApi failing = new ClassifyApi(text -> {
            throw new IllegalStateException("no model loaded yet");
        });
        ClassifyApi.Reply r = failing.handle("POST", bytes("{\"text\":\"hi\"}"));
        assertEquals(503, r.status());
        assertTrue(r.body().contains("no model loaded yet"), r.body());
    }

    private void assertError(int status, String body, String says) throws Exception {
        ClassifyApi.Reply r = api.handle("POST", bytes(body));
        assertEquals(status, r.status(), body + " → " + r.body());
        String error = new ObjectMapper().readTree(r.body()).get("error").asText();
        assertTrue(error.contains(says), body + " → " + error);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
