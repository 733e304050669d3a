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
 * Writes e2e.json (a flat object of numbers) and the {@code ## e2e} section of benchmarks.md, leaving every other
 * section of that file as it is (other benchmarks own them; the file is re-read just before the write).
 */
final class ReportWriter {

    static final String JSON = "benchmarks/e2e.json";
    static final String MARKDOWN = "benchmarks.md";
    static final String HEADING = "## e2e";

    private ReportWriter() {
    }

    static void write(Path docs, Map<String, Double> numbers, String section) throws IOException {
        Files.createDirectories(docs.resolve("benchmarks"));
        Map<String, Object> json = new LinkedHashMap<>();
        numbers.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                json.put(k, round(v));
            }
        });
        Files.writeString(docs.resolve(JSON), EventJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
        Path md = docs.resolve(MARKDOWN);
        String current = Files.exists(md) ? Files.readString(md, StandardCharsets.UTF_8) : "# Benchmarks\n";
        Files.writeString(md, replaceSection(current, section), StandardCharsets.UTF_8);
    }

    /** {@code document} with its {@code ## e2e} section (up to the next level-2 heading) replaced or appended. */
    static String replaceSection(String document, String section) {
        String body = section.strip() + "\n";
        int start = headingAt(document);
        if (start < 0) {
            String head = document.isEmpty() || document.endsWith("\n\n") ? document
                    : document.endsWith("\n") ? document + "\n" : document + "\n\n";
            return head + body;
        }
        int next = nextHeading(document, start + HEADING.length());
        String tail = next < 0 ? "" : "\n" + document.substring(next);
        return document.substring(0, start) + body + tail;
    }

    private static int headingAt(String doc) {
        int from = 0;
        while (true) {
            int i = doc.indexOf(HEADING, from);
            if (i < 0) {
                return -1;
            }
            boolean lineStart = i == 0 || doc.charAt(i - 1) == '\n';
            int end = i + HEADING.length();
            boolean lineEnd = end == doc.length() || doc.charAt(end) == '\n' || doc.charAt(end) == ' '
                    || doc.charAt(end) == '\r';
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
