package io.streamtune.deploy.compose;

import io.streamtune.deploy.Findings;
import io.streamtune.deploy.Images;
import io.streamtune.deploy.Project;
import io.streamtune.deploy.YamlFiles;
import io.streamtune.deploy.config.ServiceConfig;
import io.streamtune.deploy.k8s.WorkloadChecks;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks docker-compose.yml: known fields, pinned images (MinIO equal to the parent pom's), for every Streamtune
 * service its build (the module's Dockerfile), port, health check, environment names against the service's keys,
 * secrets only through {@code ${VAR}} from .env, healthy dependencies on the Kafka and S3 it is pointed at; every
 * {@code ${VAR}} documented in .env.example, .env ignored by git, one trainer per profile and the GPU one with an
 * NVIDIA device reservation; the trainer, a pool, scales with {@code docker compose up --scale}: no container name,
 * no fixed host port, no named volume its replicas would share, and no models filter that may be empty.
 */
public final class ComposeChecks {

    private static final String TRAINER = "trainer-service";
    private static final String TRAINER_MODELS = "STREAMTUNE_TRAINER_MODELS";
    private static final Set<String> TOP = Set.of("name", "services", "volumes", "networks", "secrets", "configs");
    private static final Set<String> SERVICE_FIELDS = Set.of("image", "build", "command", "entrypoint", "environment",
            "env_file", "ports", "expose", "volumes", "depends_on", "healthcheck", "restart", "profiles", "deploy",
            "stop_grace_period", "stop_signal", "user", "hostname", "container_name", "networks", "labels", "logging",
            "ulimits", "mem_limit", "cpus", "working_dir", "extra_hosts", "secrets", "configs", "init", "tmpfs",
            "shm_size", "read_only", "security_opt", "cap_drop", "cap_add", "platform", "pull_policy",
            "network_mode");
    private static final Pattern INTERPOLATION = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+)(ms|h|m|s)");

    private final Project project;
    private final Findings findings;

    public ComposeChecks(Project project, Findings findings) {
        this.project = project;
        this.findings = findings;
    }

    /** Checks {@code compose} with the variables of {@code envExample} and the ignore rules of {@code gitignore}. */
    public void check(Path compose, Path envExample, Path gitignore) {
        String where = project.root().relativize(compose.toAbsolutePath().normalize()).toString();
        Map<String, Object> top;
        try {
            top = YamlFiles.map(YamlFiles.load(compose), where);
        } catch (RuntimeException e) {
            findings.add(where, "not valid YAML: " + e.getMessage());
            return;
        }
        for (String key : top.keySet()) {
            if (key.equals("version")) {
                findings.add(where, "the top-level version field is obsolete in the Compose Specification.");
            } else if (!TOP.contains(key) && !key.startsWith("x-")) {
                findings.add(where, "unknown top-level field " + key + ".");
            }
        }
        Set<String> defined = envFile(envExample, where);
        Matcher m = INTERPOLATION.matcher(YamlFiles.read(compose));
        while (m.find()) {
            if (!defined.contains(m.group(1))) {
                findings.add(where, "${" + m.group(1) + "} is not documented in .env.example.");
            }
        }
        if (!ignores(gitignore, ".env")) {
            findings.add(".gitignore", "must ignore .env (it holds the Compose secrets).");
        }
        Map<String, Object> services = YamlFiles.map(top.getOrDefault("services", Map.of()), where + " services");
        Set<String> volumes = top.get("volumes") instanceof Map<?, ?> v ? stringKeys(v) : Set.of();
        Map<String, List<String>> trainerProfiles = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : services.entrySet()) {
            String at = where + " service " + e.getKey();
            Map<String, Object> s = YamlFiles.map(e.getValue(), at);
            common(at, s, volumes);
            String image = String.valueOf(s.get("image"));
            Optional<ServiceConfig> svc = project.serviceOfImage(image);
            if (svc.isPresent()) {
                streamtune(at, s, svc.get(), services);
                if (svc.get().name().equals(TRAINER)) {
                    trainerProfiles.put(e.getKey(), profiles(s));
                }
            } else if (Images.repository(image).equals(Images.repository(project.minioImage()))
                    && !image.equals(project.minioImage())) {
                findings.add(at, "runs " + image + ", the parent pom's minio.image is " + project.minioImage() + ".");
            }
        }
        trainers(where, trainerProfiles, services);
    }

    private void common(String at, Map<String, Object> s, Set<String> volumes) {
        for (String field : s.keySet()) {
            if (!SERVICE_FIELDS.contains(field) && !field.startsWith("x-")) {
                findings.add(at, "unknown field " + field + ".");
            }
        }
        if (s.get("image") == null) {
            findings.add(at, "needs an image (the name the build is tagged with).");
        } else {
            Images.unpinned(String.valueOf(s.get("image"))).ifPresent(p -> findings.add(at, p));
        }
        // a one-shot task (restart: "no", like kafka-init) is waited for with service_completed_successfully
        boolean oneShot = "no".equals(String.valueOf(s.get("restart")));
        if (!oneShot && !(s.get("healthcheck") instanceof Map<?, ?>)) {
            findings.add(at, "needs a healthcheck, so dependants can wait for service_healthy.");
        }
        for (Object v : list(s.get("volumes"))) {
            String spec = String.valueOf(v);
            String source = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : "";
            if (!source.isEmpty() && !source.startsWith(".") && !source.startsWith("/") && !volumes.contains(source)) {
                findings.add(at, "volume " + source + " is not declared under the top-level volumes.");
            }
        }
        for (Map.Entry<String, String> env : environment(at, s).entrySet()) {
            if (WorkloadChecks.secretLike(env.getKey()) && !String.valueOf(env.getValue()).contains("${")) {
                findings.add(at, env.getKey() + " is a secret: take it from .env as ${VAR}, never a literal value.");
            }
        }
    }

    private void streamtune(String at, Map<String, Object> s, ServiceConfig svc, Map<String, Object> services) {
        String image = String.valueOf(s.get("image"));
        Images.tag(image).filter(t -> !t.equals(project.version())).ifPresent(t -> findings.add(at,
                "image tag " + t + " is not the project version " + project.version() + "."));
        build(at, s, svc, image.contains(Project.GPU_SUFFIX + ":"));
        int port = svc.httpPort();
        boolean published = list(s.get("ports")).stream().anyMatch(p -> containerPort(p) == port);
        if (!published) {
            findings.add(at, "ports must publish the container port " + port + " (quarkus.http.port of " + svc.name()
                    + ").");
        }
        if (s.get("healthcheck") instanceof Map<?, ?> hc) {
            String test = String.valueOf(hc.get("test"));
            boolean path = List.of("live", "ready", "started").stream().anyMatch(k -> test.contains(svc.healthPath(k)));
            if (!path || !test.contains(String.valueOf(port))) {
                findings.add(at, "healthcheck must call " + svc.healthPath("ready") + " on port " + port + ".");
            }
        }
        Map<String, String> env = environment(at, s);
        for (String name : env.keySet()) {
            if (!svc.knowsEnv(name)) {
                findings.add(at, "environment variable " + name + " sets no configuration key of " + svc.name()
                        + svc.suggest(name).map(x -> " (did you mean " + x + "?)").orElse("") + ".");
            }
        }
        for (ServiceConfig.Requirement r : svc.requirements()) {
            if (r.envNames().stream().noneMatch(env::containsKey)) {
                findings.add(at, svc.name() + " cannot start without " + r.key() + " (no default): set "
                        + String.join(" or ", r.envNames()) + ".");
            }
        }
        Map<String, String> dependsOn = dependsOn(at, s);
        String kafka = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (kafka != null) {
            for (String server : kafka.split(",")) {
                dependency(at, server.trim().split(":")[0], dependsOn, services);
            }
        }
        String s3 = env.get("STREAMTUNE_S3_ENDPOINT");
        if (s3 != null) {
            dependency(at, URI.create(s3).getHost(), dependsOn, services);
        }
        if (svc.name().equals(TRAINER)) {
            Duration budget = WorkloadChecks.trainerStopBudget(svc);
            Duration grace = s.get("stop_grace_period") == null ? Duration.ofSeconds(10)
                    : goDuration(String.valueOf(s.get("stop_grace_period")));
            if (grace.compareTo(budget) <= 0) {
                findings.add(at, "stop_grace_period (" + grace.toSeconds() + " s) must be longer than the trainer's "
                        + "final checkpoints (" + budget.toSeconds() + " s); Docker kills after 10 s by default.");
            }
            scalable(at, s, env);
        }
    }

    /**
     * The trainer is a pool that {@code docker compose up --scale trainer-service=N} grows: nothing in it may be one
     * per host (a container name, a fixed host port) or shared by its replicas (a named volume), and its models
     * filter is set to names or not at all.
     */
    private void scalable(String at, Map<String, Object> s, Map<String, String> env) {
        String scale = "; docker compose up --scale runs several replicas of the trainer pool";
        if (s.get("container_name") != null) {
            findings.add(at, "container_name " + s.get("container_name") + " allows one container" + scale + ".");
        }
        for (Object p : list(s.get("ports"))) {
            fixedHostPort(p).ifPresent(port -> findings.add(at, "publishes the fixed host port " + port
                    + ", which only one replica can take" + scale + ": publish the container port alone (\""
                    + containerPort(p) + "\") or a range of host ports."));
        }
        for (Object v : list(s.get("volumes"))) {
            String source = v instanceof Map<?, ?> m ? ("volume".equals(String.valueOf(m.get("type")))
                    && m.get("source") != null ? String.valueOf(m.get("source")) : "")
                    : String.valueOf(v).contains(":") ? String.valueOf(v).substring(0, String.valueOf(v).indexOf(':'))
                    : "";
            if (!source.isEmpty() && !source.startsWith(".") && !source.startsWith("/")) {
                findings.add(at, "the named volume " + source + " would be shared by every replica" + scale
                        + ": mount an anonymous volume (just the container path) for a cache.");
            }
        }
        if (env.containsKey(TRAINER_MODELS)) {
            String v = env.get(TRAINER_MODELS);
            boolean mayBeEmpty = v == null || v.isBlank() || v.contains("${") && !v.contains(":?");
            if (mayBeEmpty) {
                findings.add(at, TRAINER_MODELS + " is " + (v == null ? "set without a value" : "\"" + v + "\"")
                        + ", which may be empty, and an empty value is not \"every model\": leave it out for every "
                        + "model, or set names (in a docker-compose.override.yml).");
            }
        }
    }

    /** The host port a ports entry publishes when it is one fixed number (not a range, not left to Docker). */
    private static Optional<String> fixedHostPort(Object p) {
        String host;
        if (p instanceof Map<?, ?> m) {
            host = m.get("published") == null ? "" : String.valueOf(m.get("published"));
        } else {
            String spec = String.valueOf(p);
            int slash = spec.indexOf('/');
            String[] parts = (slash < 0 ? spec : spec.substring(0, slash)).split(":", -1);
            host = parts.length == 2 ? parts[0] : parts.length == 3 ? parts[1] : "";
        }
        return host.matches("\\d+") ? Optional.of(host) : Optional.empty();
    }

    private void build(String at, Map<String, Object> s, ServiceConfig svc, boolean gpuImage) {
        if (!(s.get("build") instanceof Map<?, ?> b)) {
            findings.add(at, "needs build: {context: ./" + svc.name() + ", dockerfile: src/main/docker/...}.");
            return;
        }
        Path context = project.root().resolve(String.valueOf(b.get("context"))).normalize();
        if (!context.equals(svc.dir().toAbsolutePath().normalize())) {
            findings.add(at, "build.context must be ./" + svc.name() + " (the Dockerfile copies its target/), is "
                    + b.get("context") + ".");
        }
        String dockerfile = String.valueOf(b.get("dockerfile"));
        String expected = gpuImage ? "src/main/docker/Dockerfile.gpu" : "src/main/docker/Dockerfile.jvm";
        if (!dockerfile.equals(expected)) {
            findings.add(at, "build.dockerfile must be " + expected + ", is " + dockerfile + ".");
        } else if (!Files.isRegularFile(context.resolve(dockerfile))) {
            findings.add(at, "build.dockerfile " + dockerfile + " does not exist in " + b.get("context") + ".");
        }
    }

    /** The service must wait, healthy, for the compose service its endpoint names (when compose runs it). */
    private void dependency(String at, String host, Map<String, String> dependsOn, Map<String, Object> services) {
        if (!services.containsKey(host)) {
            return;
        }
        if (!"service_healthy".equals(dependsOn.get(host))) {
            findings.add(at, "depends_on " + host + " with condition: service_healthy is missing (its endpoint "
                    + "names " + host + ").");
        }
    }

    private void trainers(String where, Map<String, List<String>> trainerProfiles, Map<String, Object> services) {
        if (!project.services().containsKey(TRAINER)) {
            return;
        }
        if (trainerProfiles.size() > 1) {
            Set<String> seen = new LinkedHashSet<>();
            for (Map.Entry<String, List<String>> e : trainerProfiles.entrySet()) {
                if (e.getValue().isEmpty()) {
                    findings.add(where, "trainer service " + e.getKey() + " has no profile although there are "
                            + trainerProfiles.size() + " trainers: COMPOSE_PROFILES picks the trainer image, and "
                            + "this one would always join the pool.");
                }
                for (String p : e.getValue()) {
                    if (!seen.add(p)) {
                        findings.add(where, "profile " + p + " starts two trainer services: one per profile (the "
                                + "image), scaled with --scale.");
                    }
                }
            }
        }
        boolean gpu = false;
        for (Map.Entry<String, List<String>> e : trainerProfiles.entrySet()) {
            Map<String, Object> s = YamlFiles.map(services.get(e.getKey()), e.getKey());
            if (!String.valueOf(s.get("image")).contains(Project.GPU_SUFFIX + ":")) {
                continue;
            }
            gpu = true;
            if (!e.getValue().contains("gpu")) {
                findings.add(where + " service " + e.getKey(), "the GPU trainer belongs to the profile gpu.");
            }
            if (!nvidiaReservation(s)) {
                findings.add(where + " service " + e.getKey(), "needs deploy.resources.reservations.devices with "
                        + "driver: nvidia and capabilities: [gpu].");
            }
        }
        if (!gpu) {
            findings.add(where, "no trainer service runs the " + Project.GPU_SUFFIX + " image (profile gpu).");
        }
    }

    private static boolean nvidiaReservation(Map<String, Object> s) {
        Object devices = path(s, "deploy", "resources", "reservations", "devices");
        return list(devices).stream().anyMatch(d -> d instanceof Map<?, ?> m && "nvidia".equals(m.get("driver"))
                && list(m.get("capabilities")).contains("gpu"));
    }

    private static Object path(Object node, String... keys) {
        Object cur = node;
        for (String k : keys) {
            cur = cur instanceof Map<?, ?> m ? m.get(k) : null;
        }
        return cur;
    }

    private Map<String, String> environment(String at, Map<String, Object> s) {
        Map<String, String> env = new LinkedHashMap<>();
        Object e = s.get("environment");
        if (e instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (e instanceof List<?> l) {
            for (Object item : l) {
                String t = String.valueOf(item);
                int eq = t.indexOf('=');
                env.put(eq < 0 ? t : t.substring(0, eq), eq < 0 ? null : t.substring(eq + 1));
            }
        } else if (e != null) {
            findings.add(at, "environment must be a mapping or a list.");
        }
        return env;
    }

    private Map<String, String> dependsOn(String at, Map<String, Object> s) {
        Map<String, String> out = new LinkedHashMap<>();
        Object d = s.get("depends_on");
        if (d instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Map<?, ?> c
                    ? String.valueOf(c.get("condition")) : "service_started"));
        } else if (d instanceof List<?> l) {
            l.forEach(x -> out.put(String.valueOf(x), "service_started"));
        }
        return out;
    }

    private static int containerPort(Object p) {
        if (p instanceof Map<?, ?> m) {
            return m.get("target") instanceof Integer i ? i : -1;
        }
        String spec = String.valueOf(p);
        int slash = spec.indexOf('/');
        String noProto = slash < 0 ? spec : spec.substring(0, slash);
        String last = noProto.substring(noProto.lastIndexOf(':') + 1);
        return last.matches("\\d+") ? Integer.parseInt(last) : -1;
    }

    private static List<String> profiles(Map<String, Object> s) {
        return list(s.get("profiles")).stream().map(String::valueOf).toList();
    }

    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    private static Set<String> stringKeys(Map<?, ?> m) {
        Set<String> keys = new LinkedHashSet<>();
        m.keySet().forEach(k -> keys.add(String.valueOf(k)));
        return keys;
    }

    private Set<String> envFile(Path file, String where) {
        if (!Files.isRegularFile(file)) {
            findings.add(where, ".env.example is missing: it documents every variable the compose file reads.");
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String line : YamlFiles.read(file).split("\\r?\\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#") && t.contains("=")) {
                names.add(t.substring(0, t.indexOf('=')).strip());
            }
        }
        return names;
    }

    private static boolean ignores(Path gitignore, String name) {
        return Files.isRegularFile(gitignore) && List.of(YamlFiles.read(gitignore).split("\\r?\\n")).stream()
                .map(String::strip).anyMatch(l -> l.equals(name) || l.equals("/" + name));
    }

    /** A Go duration as Compose reads it: {@code 90s}, {@code 2m}, {@code 1m30s}. */
    static Duration goDuration(String text) {
        Matcher m = GO_DURATION.matcher(text.trim());
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
            end = m.end();
        }
        if (end != text.trim().length() || end == 0) {
            throw new IllegalArgumentException("Not a Compose duration: '" + text + "'.");
        }
        return d;
    }
}
