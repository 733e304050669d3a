package io.streamtune.model.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Replaces one "## name" section of a shared markdown file, leaving the other sections as they are. */
final class BenchmarkDoc {

    private BenchmarkDoc() {}

    static void replaceSection(Path md, String name, String body) throws IOException {
        String heading = "## " + name;
        List<String> lines = new ArrayList<>(Files.exists(md) ? Files.readAllLines(md) : List.of("# Benchmarks", ""));
        int start = lines.indexOf(heading);
        int end = lines.size();
        if (start < 0) {
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
                lines.remove(lines.size() - 1);
            }
            lines.add("");
            start = lines.size();
            end = start;
        } else {
            for (int i = start + 1; i < lines.size(); i++) {
                if (lines.get(i).startsWith("## ")) {
                    end = i;
                    break;
                }
            }
        }
        List<String> section = new ArrayList<>();
        section.add(heading);
        section.add("");
        section.addAll(List.of(body.stripTrailing().split("\n", -1)));
        section.add("");
        lines.subList(start, end).clear();
        lines.addAll(start, section);
        Files.createDirectories(md.toAbsolutePath().getParent());
        Files.write(md, lines);
    }
}
