package io.streamtune.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes {@code key=value} files in a fixed order and readable (Properties.store escapes every colon of a URL). */
final class PropertiesFile {

    private PropertiesFile() {
    }

    static void write(Path file, String comment, Map<String, String> entries) throws IOException {
        StringBuilder text = new StringBuilder("# ").append(comment).append('\n');
        entries.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
