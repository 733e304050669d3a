package io.streamtune.e2e.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamtune.contracts.EventJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a benchmark's figures: {@code benchmarks/<name>.json} (a flat object of numbers) and the {@code ## <name>}
 * section of benchmarks.md, leaving every other section of that file as it is (other benchmarks own them; the file is
 * re-read just before the write).
 */
public final class ReportWriter {

    static final String E2E = "e2e";
    static final String JSON = json(E2E);
    static final String MARKDOWN = "benchmarks.md";
    static final String HEADING = "## " + E2E;
    /** The validation mode's figures and section ({@code bin/report --validation}). */
    static final String VALIDATION = "e2e-validation";
    static final String VALIDATION_HEADING = "## e2e validation";

    private ReportWriter() {
    }

    static void write(Path docs, Map<String, Double> numbers, String section) throws IOException {
        write(docs, E2E, numbers, section);
    }

    /** Writes {@code benchmarks/<name>.json} and replaces (or appends) the {@code ## <name>} section. */
    public static void write(Path docs, String name, Map<String, Double> numbers, String section) throws IOException {
        write(docs, name, "## " + name, numbers, section);
    }

    /** Writes {@code benchmarks/<name>.json} and replaces (or appends) the section under {@code heading}. */
    static void write(Path docs, String name, String heading, Map<String, Double> numbers, String section)
            throws IOException {
        writeJson(docs.resolve(json(name)), numbers);
        Path md = docs.resolve(MARKDOWN);
        String current = Files.exists(md) ? Files.readString(md, StandardCharsets.UTF_8) : "# Benchmarks\n";
        Files.writeString(md, replaceSection(current, heading, section), StandardCharsets.UTF_8);
    }

    /** The path of a benchmark's figures under docs/. */
    public static String json(String name) {
        return "benchmarks/" + name + ".json";
    }

    /** A flat JSON object of numbers, as {@link #write} wrote it; empty when the file does not exist. */
    public static Map<String, Double> readJson(Path file) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        if (Files.exists(file)) {
            EventJson.mapper().readTree(file.toFile()).fields().forEachRemaining(e -> {
                if (e.getValue().isNumber()) {
                    out.put(e.getKey(), e.getValue().asDouble());
                }
            });
        }
        return out;
    }

    public static void writeJson(Path file, Map<String, Double> numbers) throws IOException {
        Files.createDirectories(file.getParent());
        Map<String, Object> json = new LinkedHashMap<>();
        numbers.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                json.put(k, round(v));
            }
        });
        Files.writeString(file, EventJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
    }

    static String replaceSection(String document, String section) {
        return replaceSection(document, HEADING, section);
    }

    /** {@code document} with its {@code heading} section (up to the next level-2 heading) replaced or appended. */
    static String replaceSection(String document, String heading, String section) {
        String body = section.strip() + "\n";
        int start = headingAt(document, heading);
        if (start < 0) {
            String head = document.isEmpty() || document.endsWith("\n\n") ? document
                    : document.endsWith("\n") ? document + "\n" : document + "\n\n";
            return head + body;
        }
        int next = nextHeading(document, start + heading.length());
        String tail = next < 0 ? "" : "\n" + document.substring(next);
        return document.substring(0, start) + body + tail;
    }

    private static int headingAt(String doc, String heading) {
        int from = 0;
        while (true) {
            int i = doc.indexOf(heading, from);
            if (i < 0) {
                return -1;
            }
            boolean lineStart = i == 0 || doc.charAt(i - 1) == '\n';
            int end = i + heading.length();
            while (end < doc.length() && (doc.charAt(end) == ' ' || doc.charAt(end) == '\t')) {
                end++;
            }
            // the whole heading line: "## e2e" is not the start of "## e2e validation"
            boolean lineEnd = end == doc.length() || doc.charAt(end) == '\n' || doc.charAt(end) == '\r';
            if (lineStart && lineEnd) {
                return i;
            }
            from = end;
        }
    }

    private static int nextHeading(String doc, int from) {
        int i = from;
        while (true) {
            int nl = doc.indexOf('\n', i);
            if (nl < 0) {
                return -1;
            }
            if (doc.startsWith("## ", nl + 1) || doc.startsWith("# ", nl + 1)) {
                return nl + 1;
            }
            i = nl + 1;
        }
    }

    static Number round(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return (long) v;
        }
        return new BigDecimal(v).round(new MathContext(5)).doubleValue();
    }
}
