package io.streamtune.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The stack the CLI runs: a Kafka broker and S3Proxy under one directory ({@code kafka/}, {@code s3/},
 * {@code endpoints.properties}). The servers outlive the JVM that starts them; any later JVM stops them through their
 * pid files.
 */
public final class LocalStack {

    public static final String REGION = "us-east-1";
    private static final String ACCESS_KEY = "streamtune";

    private final Path dir;
    private final KafkaServer kafka;
    private final S3ProxyServer s3;
    private final Optional<StackEndpoints> recorded;

    /** A stack under {@code dir}; the S3 credentials of an earlier start are kept, a first start makes new ones. */
    public LocalStack(Path dir, int kafkaPort, int kafkaControllerPort, int s3Port) {
        this.dir = dir.toAbsolutePath().normalize();
        this.recorded = readEndpoints(this.dir);
        String secretKey = recorded.map(StackEndpoints::s3SecretKey).orElseGet(S3ProxyServer::newSecretKey);
        this.kafka = new KafkaServer(this.dir.resolve("kafka"), kafkaPort, kafkaControllerPort, false);
        this.s3 = new S3ProxyServer(this.dir.resolve("s3"), s3Port, ACCESS_KEY, secretKey, false);
    }

    public Path dir() {
        return dir;
    }

    public List<ChildServer> servers() {
        return List.of(kafka, s3);
    }

    /** The endpoints this stack serves once started with its ports. */
    public StackEndpoints endpoints() {
        return new StackEndpoints(kafka.bootstrapServers(), s3.endpoint(), s3.accessKey(), s3.secretKey(), REGION);
    }

    /** Where {@code server} was started last, as {@code endpoints.properties} recorded it. */
    public Optional<String> recordedAddress(ChildServer server) {
        return recorded.map(endpoints -> server == kafka ? endpoints.kafkaBootstrapServers() : endpoints.s3Endpoint());
    }

    /**
     * Starts both servers side by side, each unless it already runs, and writes {@code endpoints.properties}. One line
     * per server goes to {@code out}. If either fails, what this call started is stopped again.
     *
     * @throws IllegalStateException if a server already runs on other ports than asked for
     * @throws ServerStartException  if a server does not come up
     */
    public StackEndpoints start(PrintStream out) throws IOException {
        refuseToMoveRunningServers();
        Files.createDirectories(dir);
        List<ChildServer> servers = servers();
        List<CompletableFuture<Boolean>> starts = servers.stream()
                .map(server -> CompletableFuture.supplyAsync(() -> start(server, out), task -> new Thread(task).start()))
                .toList();
        Exception failure = null;
        for (CompletableFuture<Boolean> start : starts) {
            try {
                start.join();
            } catch (CompletionException e) {
                Exception cause = unwrap(e);
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            for (int i = 0; i < servers.size(); i++) {
                if (!starts.get(i).isCompletedExceptionally() && starts.get(i).join()) {
                    servers.get(i).stop();
                }
            }
            if (failure instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) failure;
        }
        StackEndpoints endpoints = endpoints();
        endpoints.write(dir);
        return endpoints;
    }

    /** Stops both servers (SIGTERM, then SIGKILL after a grace period) and removes their pid files. */
    public void stop() {
        s3.stop();
        kafka.stop();
    }

    private static boolean start(ChildServer server, PrintStream out) {
        long began = System.nanoTime();
        try {
            boolean started = server.start();
            long pid = server.running().map(ProcessHandle::pid).orElse(-1L);
            out.printf("  %-8s %s  pid %d  log %s%n", server.name(),
                    started ? String.format("started in %.1f s", (System.nanoTime() - began) / 1e9) : "already running",
                    pid, relative(server.logFile()));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Exception unwrap(CompletionException e) {
        if (e.getCause() instanceof UncheckedIOException io) {
            return io.getCause();
        }
        if (e.getCause() instanceof Exception cause) {
            return cause;
        }
        throw (Error) e.getCause();
    }

    private void refuseToMoveRunningServers() {
        for (ChildServer server : servers()) {
            Optional<String> runningAt = recordedAddress(server).filter(address -> server.running().isPresent());
            if (runningAt.isPresent() && !runningAt.get().equals(server.address())) {
                throw new IllegalStateException(server.name() + " already runs at " + runningAt.get() + ", not "
                        + server.address() + ". Stop the stack first to change its ports.");
            }
        }
    }

    static Path relative(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path) : path;
    }

    private static Optional<StackEndpoints> readEndpoints(Path dir) {
        if (!Files.exists(dir.resolve(StackEndpoints.FILE_NAME))) {
            return Optional.empty();
        }
        try {
            return Optional.of(StackEndpoints.read(dir));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
