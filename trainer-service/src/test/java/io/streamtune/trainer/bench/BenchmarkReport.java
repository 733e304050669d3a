package io.streamtune.trainer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Replaces one {@code ## <name>} section of docs/benchmarks.md, leaving the others' sections as they are. */
final class BenchmarkReport {

    private BenchmarkReport() {
    }

    static void writeSection(Path md, String name, String body) throws IOException {
        String header = "## " + name + "\n";
        String text = Files.exists(md) ? Files.readString(md) : "# Benchmarks\n";
        String section = header + "\n" + body.strip() + "\n";
        int at = text.indexOf(header);
        if (at < 0) {
            text = text.stripTrailing() + "\n\n" + section;
        } else {
            int next = text.indexOf("\n## ", at + header.length());
            text = text.substring(0, at) + section + (next < 0 ? "" : "\n" + text.substring(next + 1));
        }
        Files.writeString(md, text);
    }
}
