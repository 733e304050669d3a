package io.streamtune.ingest.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code docs/benchmarks/ingest.json}, a flat object of numbers written by more than one benchmark: each replaces its
 * own keys and keeps the others' (the HTTP benchmark and the raw Kafka path's run separately).
 */
final class BenchmarkFile {

    static final String NAME = "docs/benchmarks/ingest.json";

    private BenchmarkFile() {
    }

    static Path path() {
        return Path.of(System.getProperty("streamtune.repo.root", "..")).resolve(NAME);
    }

    /** Writes {@code figures} over the file's keys of the same names, keeping the rest in place; returns the JSON. */
    static String merge(Map<String, Number> figures) throws IOException {
        Path file = path();
        Map<String, Number> all = new LinkedHashMap<>();
        if (Files.exists(file)) {
            all.putAll(new ObjectMapper().readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Number>>() {
            }));
        }
        all.putAll(figures);
        String json = all.entrySet().stream().map(e -> "  \"" + e.getKey() + "\": " + e.getValue())
                .collect(Collectors.joining(",\n", "{\n", "\n}\n"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        System.out.println("Wrote " + file.toAbsolutePath().normalize() + ":\n" + json);
        return json;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Two decimals, as the file shows them. */
    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
