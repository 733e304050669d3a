package io.streamtune.deploy.k8s;

import io.streamtune.deploy.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Secrets a reader is told to create: every {@code kubectl create secret generic NAME --from-literal=KEY=...}
 * command in a document (continuation lines joined), as secret name to keys.
 */
public final class SecretDocs {

    private static final Pattern COMMAND = Pattern.compile("create\\s+secret\\s+generic\\s+([a-z0-9.-]+)([^\\n]*)");
    private static final Pattern LITERAL = Pattern.compile("--from-(?:literal|file)=([A-Za-z0-9._-]+)=");

    private SecretDocs() {
    }

    public static Map<String, Set<String>> read(Path doc) {
        if (!Files.isRegularFile(doc)) {
            return Map.of();
        }
        String text = YamlFiles.read(doc).replaceAll("\\\\\\r?\\n", " ");
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        Matcher m = COMMAND.matcher(text);
        while (m.find()) {
            Set<String> keys = secrets.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>());
            Matcher lit = LITERAL.matcher(m.group(2));
            while (lit.find()) {
                keys.add(lit.group(1));
            }
        }
        return secrets;
    }
}
