package io.streamtune.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML as Kubernetes and Docker Compose read it: safe types only, merge keys resolved, duplicate keys an error. */
public final class YamlFiles {

    private YamlFiles() {
    }

    public static Object load(Path file) {
        return yaml().load(read(file));
    }

    /** Every document of a multi-document file; empty documents are left out. */
    public static List<Object> loadAll(String text) {
        List<Object> docs = new ArrayList<>();
        for (Object doc : yaml().loadAll(text)) {
            if (doc != null) {
                docs.add(doc);
            }
        }
        return docs;
    }

    public static List<Object> loadAll(Path file) {
        return loadAll(read(file));
    }

    /** A YAML mapping as a map, or an error naming where it was expected. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object node, String where) {
        if (node instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException(where + " must be a mapping, got " + describe(node) + ".");
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object node, String where) {
        if (node instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new IllegalArgumentException(where + " must be a list, got " + describe(node) + ".");
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static String describe(Object node) {
        return node == null ? "nothing" : node.getClass().getSimpleName() + " " + node;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }
}
