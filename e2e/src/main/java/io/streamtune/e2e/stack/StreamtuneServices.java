package io.streamtune.e2e.stack;

import io.streamtune.localstack.StackEndpoints;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The four services as processes under one folder ({@code <dir>/<service>/}), configured against a Kafka broker and
 * an S3 server: the dev keys, loopback ports, work folders, readable logs. What {@code bin/demo} and the ITs run.
 */
public final class StreamtuneServices implements AutoCloseable {

    private final Map<StreamtuneService, ServiceProcess> processes = new EnumMap<>(StreamtuneService.class);
    private final StackEndpoints endpoints;
    private final Builder builder;

    private StreamtuneServices(Builder b) {
        this.endpoints = b.endpoints;
        this.builder = b;
        for (StreamtuneService s : StreamtuneService.values()) {
            Path dir = b.dir.resolve(s.shortName()).toAbsolutePath().normalize();
            Map<String, String> config = new LinkedHashMap<>(config(s, b, dir));
            config.putAll(b.overrides.getOrDefault(s, Map.of()));
            processes.put(s, new ServiceProcess(s, dir, b.ports.getOrDefault(s, s.defaultPort()), config, b.djlCache,
                    b.watchParent, b.startTimeout));
        }
    }

    public static Builder builder(Path dir, StackEndpoints endpoints) {
        return new Builder(dir, endpoints);
    }

    /** The configuration each service gets; the builder's overrides go on top. */
    private static Map<String, String> config(StreamtuneService s, Builder b, Path dir) {
        Map<String, String> c = new LinkedHashMap<>();
        if (b.endpoints != null) {
            c.put("kafka.bootstrap.servers", b.endpoints.kafkaBootstrapServers());
            c.put("streamtune.s3.endpoint", b.endpoints.s3Endpoint());
            c.put("streamtune.s3.access-key", b.endpoints.s3AccessKey());
            c.put("streamtune.s3.secret-key", b.endpoints.s3SecretKey());
            c.put("streamtune.s3.region", b.endpoints.s3Region());
        }
        // plain lines in server.log: someone reads them on this machine, no log collector does
        c.put("quarkus.log.console.json.enabled", "false");
        switch (s) {
            case INGEST -> {
                String key = "streamtune.ingest.api-keys.\"" + DevKeys.INGEST_KEY_NAME + "\"";
                c.put(key + ".sha256", DevKeys.sha256(DevKeys.INGEST_KEY));
                c.put(key + ".models", "*");
                c.put("streamtune.ingest.heldout-key", DevKeys.HELDOUT_KEY);
            }
            case TRAINER -> {
                if (!b.trainerModels.isEmpty()) {
                    c.put("streamtune.trainer.models", String.join(",", b.trainerModels));
                }
                c.put("streamtune.trainer.work-dir", dir.resolve("work").toString());
                c.put("streamtune.trainer.instance-id", dir.getFileName().toString());
            }
            case EVALUATOR -> {
                c.put("streamtune.evaluator.work-dir", dir.resolve("work").toString());
                // static membership: a restart is back in its group under the same name (no HOSTNAME here)
                c.put("streamtune.evaluator.instance-id", "evaluator-" + b.ports.getOrDefault(s, s.defaultPort()));
            }
            case REGISTRY -> {
                c.put("streamtune.registry.admin-key-sha256", DevKeys.sha256(DevKeys.ADMIN_KEY));
                c.put("streamtune.registry.instance-id", "registry-" + b.ports.getOrDefault(s, s.defaultPort()));
            }
            default -> throw new IllegalStateException(s.name());
        }
        return c;
    }

    public ServiceProcess process(StreamtuneService s) {
        return processes.get(s);
    }

    /**
     * Another process of service {@code s}, configured as the first one (the builder's settings and overrides) but in
     * a folder of its own, {@code <dir>/<name>/}, on {@code port}, with {@code extra} on top: a second trainer of the
     * pool, say. Not started; the caller starts and stops it.
     */
    public ServiceProcess replica(StreamtuneService s, String name, int port, Map<String, String> extra) {
        Path dir = builder.dir.resolve(name).toAbsolutePath().normalize();
        Map<String, String> config = new LinkedHashMap<>(config(s, builder, dir));
        config.putAll(builder.overrides.getOrDefault(s, Map.of()));
        config.putAll(extra);
        return new ServiceProcess(s, dir, port, config, builder.djlCache, builder.watchParent,
                builder.startTimeout);
    }

    public String url(StreamtuneService s) {
        return processes.get(s).address();
    }

    public StackEndpoints endpoints() {
        return endpoints;
    }

    public IngestClient ingest() {
        return new IngestClient(url(StreamtuneService.INGEST), DevKeys.INGEST_KEY);
    }

    public TrainerClient trainer() {
        return new TrainerClient(url(StreamtuneService.TRAINER));
    }

    public RegistryClient registry() {
        return new RegistryClient(url(StreamtuneService.REGISTRY), DevKeys.ADMIN_KEY);
    }

    /**
     * Starts the given services side by side (each unless it already runs) and waits until each answers; one line
     * per service goes to {@code out}. If one fails, those this call started are stopped again.
     */
    public void start(PrintStream out, List<StreamtuneService> which) {
        List<CompletableFuture<Boolean>> starts = new ArrayList<>();
        for (StreamtuneService s : which) {
            starts.add(CompletableFuture.supplyAsync(() -> start(processes.get(s), out),
                    task -> new Thread(task, "start-" + s.shortName()).start()));
        }
        RuntimeException failure = null;
        for (CompletableFuture<Boolean> f : starts) {
            try {
                f.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                        : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            for (int i = 0; i < which.size(); i++) {
                if (!starts.get(i).isCompletedExceptionally() && starts.get(i).join()) {
                    processes.get(which.get(i)).stop();
                }
            }
            throw failure;
        }
    }

    public void startAll(PrintStream out) {
        start(out, List.of(StreamtuneService.values()));
    }

    private static boolean start(ServiceProcess p, PrintStream out) {
        long began = System.nanoTime();
        try {
            boolean started = p.start();
            out.printf("  %-9s %s  %s  pid %d  log %s%n", p.name(), p.address(),
                    started ? String.format("started in %.1f s", (System.nanoTime() - began) / 1e9)
                            : "already running", p.running().map(ProcessHandle::pid).orElse(-1L),
                    relative(p.logFile()));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, as a crash: no shutdown hook, no final checkpoint. */
    public void kill(StreamtuneService s) {
        processes.get(s).kill();
    }

    /** Graceful stop of every service (SIGTERM, side by side; the trainer writes a final checkpoint). */
    public void stopAll() {
        List<Thread> stops = new ArrayList<>();
        for (ServiceProcess p : processes.values()) {
            Thread t = new Thread(p::stop, "stop-" + p.name());
            t.start();
            stops.add(t);
        }
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean anyRunning() {
        return processes.values().stream().anyMatch(p -> p.running().isPresent());
    }

    @Override
    public void close() {
        stopAll();
    }

    static Path relative(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path) : path;
    }

    /** How the services run; every setting has a default for a local stack. */
    public static final class Builder {
        private final Path dir;
        private final StackEndpoints endpoints;
        private final Map<StreamtuneService, Integer> ports = new EnumMap<>(StreamtuneService.class);
        private final Map<StreamtuneService, Map<String, String>> overrides = new EnumMap<>(StreamtuneService.class);
        private List<String> trainerModels = List.of("spam");
        private Path djlCache = StreamtuneService.repository().resolve(".cache/djl");
        private boolean watchParent;
        private Duration startTimeout = Duration.ofMinutes(5);

        private Builder(Path dir, StackEndpoints endpoints) {
            this.dir = dir;
            this.endpoints = endpoints;
        }

        public Builder port(StreamtuneService s, int port) {
            ports.put(s, port);
            return this;
        }

        /** The trainer's model filter; empty: every model (the pool's default). */
        public Builder trainerModels(List<String> models) {
            this.trainerModels = List.copyOf(models);
            return this;
        }

        public Builder set(StreamtuneService s, String key, String value) {
            overrides.computeIfAbsent(s, k -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        public Builder djlCache(Path dir) {
            this.djlCache = dir;
            return this;
        }

        /** Halt the services when this JVM ends, even by kill -9 (tests); otherwise they outlive it (the demo). */
        public Builder watchParent(boolean value) {
            this.watchParent = value;
            return this;
        }

        public Builder startTimeout(Duration value) {
            this.startTimeout = value;
            return this;
        }

        public StreamtuneServices build() {
            return new StreamtuneServices(this);
        }
    }
}
