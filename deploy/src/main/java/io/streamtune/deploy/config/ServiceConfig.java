package io.streamtune.deploy.config;

import io.streamtune.deploy.PomFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one service reads, as its deployment must set it: the configuration keys (application.properties in every
 * profile, {@code ${...}} references, {@code @ConfigMapping} interfaces, {@code @ConfigProperty}), the HTTP port and
 * health paths of the prod profile, and whether it runs DJL.
 *
 * @param name the module and image name, e.g. {@code trainer-service}
 * @param dir the module folder
 * @param keys every key the service reads
 * @param envNames names the sources read with {@code System.getenv}
 * @param properties the service's application.properties
 * @param defaults the {@code @WithDefault} values of its mapping keys
 * @param required mapping keys without a default that must have a value
 * @param usesDjl whether the module depends on the model module (DJL / PyTorch)
 */
public record ServiceConfig(String name, Path dir, Set<KeyPattern> keys, Set<String> envNames,
        ApplicationProperties properties, Map<String, String> defaults, Set<String> required, boolean usesDjl) {

    /** Every {@code kafka.*} key, where the service has Quarkus's Kafka client extension. */
    public static final String KAFKA_PASSTHROUGH = "kafka.*";

    private static final Pattern BARE_EXPRESSION = Pattern.compile("\\$\\{([^:}]+)}");

    /**
     * A key the service cannot start without, and the environment variables that can give it a value.
     *
     * @param key the configuration key
     * @param envNames its own environment name, or the name its property's {@code ${NAME}} reads
     */
    public record Requirement(String key, Set<String> envNames) {
    }

    public static ServiceConfig load(String name, Path dir) {
        ApplicationProperties props = ApplicationProperties.load(
                dir.resolve("src/main/resources/application.properties"));
        Path pom = dir.resolve("pom.xml");
        Set<String> deps = pom.toFile().isFile() ? Set.copyOf(PomFile.read(pom).dependencyArtifactIds()) : Set.of();
        SourceScanner.Result sources = SourceScanner.scan(sources(dir, deps, props));
        Set<KeyPattern> keys = new LinkedHashSet<>();
        sources.keys().forEach(k -> keys.add(KeyPattern.of(k)));
        // a property below a @ConfigMapping prefix counts only if the mapping has it (a stale one is not read)
        for (String k : props.keys()) {
            boolean mapped = sources.mappingPrefixes().stream().anyMatch(p -> k.startsWith(p + "."));
            if (!mapped || keys.stream().anyMatch(m -> m.matchesEnv(EnvNames.of(k)))) {
                keys.add(KeyPattern.of(k));
            }
        }
        props.references().forEach(k -> keys.add(KeyPattern.of(k)));
        RuntimeEnv.FRAMEWORK_KEYS.forEach(k -> keys.add(KeyPattern.of(k)));
        boolean djl = deps.contains("model");
        // Quarkus's Kafka client extension gathers every kafka.* key (KAFKA_SASL_JAAS_CONFIG, ...) into the
        // default-kafka-broker map; whether the service's own clients use it is KafkaAccessChecks' note
        if (deps.contains("quarkus-kafka-client") || deps.contains("quarkus-messaging-kafka")) {
            keys.add(KeyPattern.of(KAFKA_PASSTHROUGH));
        }
        return new ServiceConfig(name, dir, Set.copyOf(keys), sources.envNames(), props, sources.defaults(),
                sources.required(), djl);
    }

    /**
     * The service's own sources, and those of each sibling module it depends on that is a bean archive (the service
     * kit: its config mappings and {@code @ConfigProperty} beans run in the service), less the kit packages the
     * service switches off with {@code streamtune.kit.<package>.enabled=false}.
     */
    static List<Path> sources(Path dir, Set<String> deps, ApplicationProperties props) {
        List<Path> files = new ArrayList<>(SourceScanner.javaFiles(dir.resolve("src/main/java")));
        Path parent = dir.toAbsolutePath().getParent();
        for (String dep : deps.stream().sorted().toList()) {
            Path module = parent == null ? null : parent.resolve(dep);
            if (module == null || !Files.isRegularFile(module.resolve("src/main/resources/META-INF/beans.xml"))) {
                continue;
            }
            for (Path file : SourceScanner.javaFiles(module.resolve("src/main/java"))) {
                String path = file.toString().replace('\\', '/');
                int kit = path.indexOf("/io/streamtune/kit/");
                String pkg = kit < 0 ? null : path.substring(kit + "/io/streamtune/kit/".length()).split("/")[0];
                boolean off = pkg != null && !pkg.endsWith(".java")
                        && "false".equals(props.prod("streamtune.kit." + pkg + ".enabled").orElse("true").strip());
                if (!off) {
                    files.add(file);
                }
            }
        }
        return files;
    }

    /** Whether setting this environment variable reaches a key the service reads (or the JVM / DJL runtime). */
    public boolean knowsEnv(String env) {
        return envNames.contains(env) || RuntimeEnv.allows(env, usesDjl)
                || keys.stream().anyMatch(k -> k.matchesEnv(env));
    }

    /** Whether the service reads this key (given as an environment variable name or a property name). */
    public boolean reads(String property) {
        return knowsEnv(EnvNames.of(property));
    }

    /** The closest environment variable name the service does read, for a message. */
    public Optional<String> suggest(String env) {
        return keys.stream().filter(k -> !k.hasWildcard()).map(KeyPattern::envName)
                .filter(k -> distance(k, env) <= Math.max(3, env.length() / 4))
                .min(Comparator.comparingInt(k -> distance(k, env)));
    }

    /**
     * What a deployment must set: required mapping keys with no prod-profile value, and those whose value is a
     * bare {@code ${NAME}} with no default.
     */
    public List<Requirement> requirements() {
        List<Requirement> out = new ArrayList<>();
        for (String key : required) {
            Optional<String> v = properties.prod(key);
            if (v.isEmpty()) {
                out.add(new Requirement(key, Set.of(EnvNames.of(key))));
            } else {
                Matcher m = BARE_EXPRESSION.matcher(v.get().trim());
                if (m.matches()) {
                    Set<String> names = new LinkedHashSet<>(List.of(EnvNames.of(key), EnvNames.of(m.group(1))));
                    out.add(new Requirement(key, names));
                }
            }
        }
        return out;
    }

    /** The value a packaged service runs with: its prod-profile property, else the mapping's default. */
    public Optional<String> value(String key) {
        return properties.prod(key).or(() -> Optional.ofNullable(defaults.get(key)));
    }

    public int httpPort() {
        return properties.prod("quarkus.http.port").map(String::trim).map(Integer::parseInt).orElse(8080);
    }

    /** The health endpoint of a kind (live, ready, started), after the Quarkus root-path settings. */
    public String healthPath(String kind) {
        String httpRoot = trimSlash(properties.prod("quarkus.http.root-path").orElse("/"));
        String nonApp = properties.prod("quarkus.http.non-application-root-path").orElse("q");
        String base = nonApp.startsWith("/") ? trimSlash(nonApp) : httpRoot + "/" + trimSlash(nonApp);
        String health = properties.prod("quarkus.smallrye-health.root-path").orElse("health");
        String root = health.startsWith("/") ? httpRoot + trimSlash(health) : base + "/" + trimSlash(health);
        String leaf = switch (kind) {
            case "live" -> properties.prod("quarkus.smallrye-health.liveness-path").orElse("live");
            case "ready" -> properties.prod("quarkus.smallrye-health.readiness-path").orElse("ready");
            case "started" -> properties.prod("quarkus.smallrye-health.startup-path").orElse("started");
            default -> throw new IllegalArgumentException("Health kind must be live, ready or started, got " + kind);
        };
        return (root + "/" + trimSlash(leaf)).replaceAll("/+", "/");
    }

    /** How long the service may take to stop ({@code quarkus.shutdown.timeout}), zero when unset. */
    public Duration shutdownTimeout() {
        return properties.prod("quarkus.shutdown.timeout").map(ServiceConfig::duration).orElse(Duration.ZERO);
    }

    /** A Quarkus duration: ISO-8601 ({@code PT30S}) or a number and unit ({@code 30s}, {@code 2m}, {@code 500ms}). */
    public static Duration duration(String text) {
        String t = text.trim();
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
            if (t.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.matches("\\d+[smhd]")) {
                return Duration.parse((t.endsWith("d") ? "P" : "PT") + t.toUpperCase());
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Not a duration: '" + text + "'.");
    }

    private static String trimSlash(String s) {
        String t = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        return t.startsWith("/") ? t : "/" + t;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
