package io.streamtune.evaluator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package} before failsafe runs)
 * as a child JVM in the prod profile: what a deployment runs, so a test can stop and restart it for real.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<String, String> properties;
    private final Path log;
    private final String heap;
    private final int port;
    private Process process;

    public ServiceProcess(Map<String, String> properties, Path log) {
        this(properties, log, "-Xmx1g");
    }

    public ServiceProcess(Map<String, String> properties, Path log, String heap) {
        this.properties = properties;
        this.log = log;
        this.heap = heap;
        this.port = freePort();
    }

    /** Starts the JVM and waits until {@code /q/health/ready} answers 200. */
    public ServiceProcess start(Duration timeout) {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the package phase first.");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:MaxDirectMemorySize=256m", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true",
                "-Dai.djl.default_engine=PyTorch", "-Dquarkus.http.port=" + port));
        for (String shared : List.of("DJL_CACHE_DIR", "ENGINE_CACHE_DIR")) {
            if (System.getProperty(shared) != null) {
                cmd.add("-D" + shared + "=" + System.getProperty(shared));
            }
        }
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            if (status("/q/health/ready") == 200) {
                return this;
            }
            sleep(250);
        }
        throw new IllegalStateException("the service was not ready within " + timeout + "; see " + log);
    }

    /** SIGTERM, as Kubernetes stops a pod: the service shuts down gracefully (and saves its held-out sets). */
    public int stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status(String path) {
        return request(path).statusCode();
    }

    public String get(String path) {
        HttpResponse<String> r = request(path);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    public HttpResponse<String> request(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Unanswered(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** No HTTP answer (not listening yet, or gone): status 0. */
    private record Unanswered(IOException error) implements HttpResponse<String> {
        public int statusCode() {
            return 0;
        }

        public HttpRequest request() {
            return null;
        }

        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        public String body() {
            return String.valueOf(error);
        }

        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        public URI uri() {
            return null;
        }

        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
