package io.streamtune.deploy.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's application.properties: the keys it sets (in any profile) and the values of the prod profile. */
public final class ApplicationProperties {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)");

    private final Set<String> keys;
    private final Set<String> references;
    private final Map<String, String> prod;

    private ApplicationProperties(Set<String> keys, Set<String> references, Map<String, String> prod) {
        this.keys = keys;
        this.references = references;
        this.prod = prod;
    }

    public static ApplicationProperties empty() {
        return new ApplicationProperties(Set.of(), Set.of(), Map.of());
    }

    public static ApplicationProperties load(Path file) {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        Set<String> keys = new LinkedHashSet<>();
        Set<String> refs = new LinkedHashSet<>();
        Map<String, String> plain = new HashMap<>();
        Map<String, String> prod = new HashMap<>();
        for (String raw : p.stringPropertyNames()) {
            String value = p.getProperty(raw);
            Matcher m = EXPRESSION.matcher(value);
            while (m.find()) {
                refs.add(m.group(1).trim());
            }
            if (raw.startsWith("%")) {
                int dot = raw.indexOf('.');
                if (dot < 0) {
                    continue;
                }
                String key = raw.substring(dot + 1);
                keys.add(key);
                if (Set.of(raw.substring(1, dot).split(",")).contains("prod")) {
                    prod.put(key, value);
                }
            } else {
                keys.add(raw);
                plain.put(raw, value);
            }
        }
        Map<String, String> effective = new HashMap<>(plain);
        effective.putAll(prod);
        return new ApplicationProperties(Set.copyOf(keys), Set.copyOf(refs), Map.copyOf(effective));
    }

    /** Every key set in any profile, without its {@code %profile.} prefix. */
    public Set<String> keys() {
        return keys;
    }

    /** The names read by {@code ${name}} expressions in values (e.g. {@code ${S3_ACCESS_KEY:default}}). */
    public Set<String> references() {
        return references;
    }

    /** The value a packaged service runs with (the prod profile), unresolved. */
    public Optional<String> prod(String key) {
        return Optional.ofNullable(prod.get(key));
    }
}
