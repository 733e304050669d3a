package io.streamtune.e2e.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The four services: their module, default port, heap, and whether they run PyTorch. */
public enum StreamtuneService {
    INGEST("ingest-service", 8081, "256m", false),
    TRAINER("trainer-service", 8082, "1g", true),
    EVALUATOR("evaluator-service", 8083, "1g", true),
    REGISTRY("registry-service", 8084, "512m", false);

    /** Overrides the jar of a service: {@code streamtune.e2e.jar.<module>} (the e2e pom sets them for the ITs). */
    public static final String JAR_PROPERTY_PREFIX = "streamtune.e2e.jar.";
    /** The repository root, where {@code <module>/target/quarkus-app/quarkus-run.jar} is looked for. */
    public static final String REPOSITORY_PROPERTY = "streamtune.e2e.repository";

    private final String module;
    private final int defaultPort;
    private final String heap;
    private final boolean djl;

    StreamtuneService(String module, int defaultPort, String heap, boolean djl) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.heap = heap;
        this.djl = djl;
    }

    /** {@code ingest}, {@code trainer}, ...: folder names and log prefixes. */
    public String shortName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String heap() {
        return heap;
    }

    /** Whether the service runs the model on DJL's PyTorch engine (the trainer and the evaluator). */
    public boolean djl() {
        return djl;
    }

    /**
     * What a start waits for: readiness, except for the trainer, which is ready only once every model it trains has a
     * spec and a loaded model; it waits for {@code /q/health/started}, and for readiness once the spec is published.
     */
    public String startedPath() {
        return this == TRAINER ? "/q/health/started" : "/q/health/ready";
    }

    /** The packaged service, {@code <module>/target/quarkus-app/quarkus-run.jar}, or the jar a system property names. */
    public Path jar() {
        String configured = System.getProperty(JAR_PROPERTY_PREFIX + module);
        Path jar = configured != null ? Path.of(configured)
                : repository().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -B install "
                    + "-DskipTests, or ./bin/demo, which does it when needed).");
        }
        return jar.toAbsolutePath().normalize();
    }

    /** The repository root: {@code streamtune.e2e.repository}, else the working directory or its parent. */
    public static Path repository() {
        String configured = System.getProperty(REPOSITORY_PROPERTY);
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("").toAbsolutePath();
        return Files.exists(cwd.resolve("mvnw")) || cwd.getParent() == null ? cwd : cwd.getParent();
    }
}
