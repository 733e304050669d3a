package io.streamtune.e2e.stack;

import io.streamtune.localstack.ChildServer;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One service as a child JVM running its packaged {@code quarkus-run.jar} in the prod profile, on 127.0.0.1. Its
 * folder holds {@code application.properties} (everything it is configured with, read through
 * {@code quarkus.config.locations}), {@code server.log} and {@code server.pid}, so a later process finds it again.
 */
public final class ServiceProcess extends ChildServer {

    /** Quarkus' launcher, the main class of every {@code quarkus-run.jar}. */
    static final String QUARKUS_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    static final String CONFIG_FILE = "application.properties";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final StreamtuneService service;
    private final int port;
    private final Map<String, String> config;
    private final Path djlCache;
    private final Duration startTimeout;

    /**
     * @param config the service's configuration; {@code quarkus.http.port} and {@code quarkus.http.host} are added
     * @param djlCache where PyTorch's natives are unpacked (trainer, evaluator)
     * @param watchParent halt with this JVM (tests) or outlive it (the demo)
     */
    public ServiceProcess(StreamtuneService service, Path dir, int port, Map<String, String> config, Path djlCache,
            boolean watchParent, Duration startTimeout) {
        super(service.shortName(), dir, watchParent);
        this.service = service;
        this.port = port;
        this.config = new LinkedHashMap<>(config);
        this.config.put("quarkus.http.port", Integer.toString(port));
        this.config.put("quarkus.http.host", "127.0.0.1");
        this.djlCache = djlCache.toAbsolutePath().normalize();
        this.startTimeout = startTimeout;
    }

    public StreamtuneService service() {
        return service;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String address() {
        return "http://127.0.0.1:" + port;
    }

    /** The status code of a GET on this service, 0 when nothing answers. */
    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(address() + path)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Waits until {@code /q/health/ready} answers 200, failing early when the process is gone. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status("/q/health/ready") != 200) {
            if (running().isEmpty()) {
                throw new IllegalStateException(name() + " exited. Last lines of " + logFile() + ":\n" + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name() + " was not ready on " + address() + " within "
                        + timeout.toSeconds() + " s. Last lines of " + logFile() + ":\n" + logTail());
            }
            Waits.sleep(Duration.ofMillis(500));
        }
    }

    @Override
    protected Path configFile() {
        return dir().resolve(CONFIG_FILE);
    }

    @Override
    protected void prepare() throws IOException {
        Properties p = new Properties();
        p.putAll(config);
        try (Writer out = Files.newBufferedWriter(configFile(), StandardCharsets.UTF_8)) {
            p.store(out, "Configuration of " + service.module() + ", written at each start");
        }
    }

    @Override
    protected List<String> jvmOptions() {
        List<String> options = new ArrayList<>(List.of("-Xmx" + service.heap(),
                // quarkus-run.jar's manifest asks for this; it only counts for java -jar
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dquarkus.config.locations=" + configFile().toUri()));
        if (service.djl()) {
            // model/README: offline, natives in the repository's cache, direct buffers capped (DJL frees them by GC)
            options.addAll(List.of("-XX:MaxDirectMemorySize=256m", "-Dai.djl.offline=true",
                    "-DDJL_CACHE_DIR=" + djlCache, "-DENGINE_CACHE_DIR=" + djlCache, "-DOPT_OUT_TRACKING=true",
                    "-Dai.djl.default_engine=PyTorch"));
        }
        return options;
    }

    @Override
    protected Map<String, String> environment() {
        // libtorch's OpenMP threads yield instead of spinning: several JVMs share few cores
        return service.djl() ? Map.of("OMP_WAIT_POLICY", "PASSIVE") : Map.of();
    }

    @Override
    protected List<Path> classpath() {
        return List.of(service.jar());
    }

    @Override
    protected String mainClass() {
        return QUARKUS_MAIN;
    }

    @Override
    protected List<String> arguments() {
        return List.of();
    }

    @Override
    protected boolean answers() {
        return status(service.startedPath()) == 200;
    }

    @Override
    protected Duration startTimeout() {
        return startTimeout;
    }
}
