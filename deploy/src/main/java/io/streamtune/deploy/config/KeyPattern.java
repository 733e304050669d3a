package io.streamtune.deploy.config;

import java.util.regex.Pattern;

/**
 * A configuration key a service reads, where {@code *} stands for a map key
 * ({@code streamtune.ingest.api-keys.*.sha256}) and {@code [*]} for a list index; it knows which environment
 * variable names set it.
 */
public final class KeyPattern {

    private final String key;
    private final Pattern env;

    private KeyPattern(String key) {
        this.key = key;
        this.env = Pattern.compile(envRegex(key));
    }

    public static KeyPattern of(String key) {
        return new KeyPattern(key);
    }

    public String key() {
        return key;
    }

    public boolean hasWildcard() {
        return key.contains("*");
    }

    /** The environment variable of a key without wildcards. */
    public String envName() {
        return EnvNames.of(key);
    }

    public boolean matchesEnv(String name) {
        return env.matcher(name).matches();
    }

    private static String envRegex(String key) {
        String[] parts = key.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                // an index is digits; a map key may itself contain separators (quoted keys become _NAME_)
                re.append(parts[i - 1].endsWith("[") ? "[0-9]+" : "[A-Z0-9_]+");
            }
            re.append(Pattern.quote(EnvNames.of(parts[i])));
        }
        return re.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyPattern other && other.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key;
    }
}
