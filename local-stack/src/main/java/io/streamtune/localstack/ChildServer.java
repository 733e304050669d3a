package io.streamtune.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One server running as a child JVM on 127.0.0.1, owning a directory: its configuration, its data, {@code server.log}
 * and {@code server.pid}. The pid file lets a later process (the CLI's {@code stop}) find it again.
 *
 * <p>With {@code watchParent}, the child runs under {@link ParentWatchdog} and halts when this JVM is gone, even after
 * {@code kill -9}; without it (the CLI's stack) it outlives this JVM.
 */
public abstract class ChildServer {

    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 40;

    /**
     * For the servers' JVMs: the C1 compiler only. Measured here on 2 busy cores: a broker ready in 9 s instead of
     * 17-20 s, and an acks=all producer still at 27-32 k records/s against it.
     */
    protected static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    private final String name;
    private final Path dir;
    private final boolean watchParent;
    private Process launched;

    protected ChildServer(String name, Path dir, boolean watchParent) {
        this.name = name;
        this.dir = dir.toAbsolutePath().normalize();
        this.watchParent = watchParent;
    }

    /** Short name used in messages: {@code kafka}, {@code s3proxy}. */
    public final String name() {
        return name;
    }

    public final Path dir() {
        return dir;
    }

    public final Path logFile() {
        return dir.resolve("server.log");
    }

    public final Path pidFile() {
        return dir.resolve("server.pid");
    }

    /** The port clients connect to. */
    public abstract int port();

    /** How clients reach the server: a bootstrap address or a URL. */
    public abstract String address();

    /**
     * Starts the server and waits until it serves, unless the server of this directory already runs.
     *
     * @return true if this call started it, false if it was already running
     * @throws ServerStartException if the port is taken, the server exits, or it is not ready in time
     */
    public final synchronized boolean start() throws IOException {
        if (running().isPresent()) {
            return false;
        }
        if (Ports.isOpen(port())) {
            throw new ServerStartException(name + ": port " + port() + " on " + Ports.LOOPBACK
                    + " is already taken by another process.");
        }
        Files.createDirectories(dir);
        prepare();
        launched = launch();
        Files.writeString(pidFile(), Long.toString(launched.pid()));
        try {
            awaitReady();
        } catch (IOException | RuntimeException e) {
            kill();
            throw e;
        }
        return true;
    }

    /** Stops the server with SIGTERM, then SIGKILL if it is still up after a grace period; removes the pid file. */
    public final synchronized void stop() {
        running().ifPresent(process -> {
            process.destroy();
            if (!awaitExit(process, STOP_GRACE)) {
                process.destroyForcibly();
                awaitExit(process, KILL_WAIT);
            }
        });
        forget();
    }

    /** Kills the server with SIGKILL, as a crash would; its data stays. */
    public final synchronized void kill() {
        running().ifPresent(process -> {
            process.destroyForcibly();
            awaitExit(process, KILL_WAIT);
        });
        forget();
    }

    /** The running server of this directory, if any: started by this object, or found through the pid file. */
    public final synchronized Optional<ProcessHandle> running() {
        if (launched != null) {
            return launched.isAlive() ? Optional.of(launched.toHandle()) : Optional.empty();
        }
        // A pid is only ours if that process still carries this directory's marker (pids get reused). The marker
        // comes first on the command line: the JDK may cut a long one (a classpath) short.
        String marker = marker();
        return readPid().flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false));
    }

    /** The last lines of {@code server.log}, for error messages. */
    public final String logTail() {
        try {
            List<String> lines = new String(Files.readAllBytes(logFile()), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(" + logFile() + " is not readable: " + e.getMessage() + ")";
        }
    }

    /** The file that configures the server; its absolute path marks the process as this directory's server. */
    protected abstract Path configFile();

    /** Writes the configuration, before each launch. */
    protected abstract void prepare() throws IOException;

    protected abstract List<String> jvmOptions();

    protected abstract List<Path> classpath();

    protected abstract String mainClass();

    protected abstract List<String> arguments();

    /** One real request against the server, once its port accepts connections. */
    protected abstract boolean answers();

    /** How long {@link #start()} waits for the server to answer; a subclass that boots slower may ask for more. */
    protected Duration startTimeout() {
        return START_TIMEOUT;
    }

    /** Environment variables set for the child JVM on top of this JVM's own. */
    protected Map<String, String> environment() {
        return Map.of();
    }

    private List<String> command() throws IOException {
        List<Path> classpath = new ArrayList<>();
        classpath.add(ServerArtifacts.launcherClasspath(dir.resolve("launcher")));
        classpath.addAll(classpath());
        List<String> main = new ArrayList<>();
        if (watchParent) {
            main.add(ParentWatchdog.class.getName());
            main.add(Long.toString(ProcessHandle.current().pid()));
        }
        main.add(mainClass());

        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add(marker());
        command.addAll(jvmOptions());
        command.add("-cp");
        command.add(joined(classpath));
        command.addAll(main);
        command.addAll(arguments());
        return command;
    }

    private Process launch() throws IOException {
        Files.writeString(logFile(), "=== " + Instant.now() + " starting " + name + " ===\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        builder.environment().putAll(environment());
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private String marker() {
        return "-Dstreamtune.local-stack.server=" + configFile();
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + startTimeout().toNanos();
        while (true) {
            if (!launched.isAlive()) {
                throw new ServerStartException(name + " exited during start-up with code " + launched.exitValue()
                        + ". Last lines of " + logFile() + ":\n" + logTail());
            }
            if (Ports.isOpen(port()) && answers()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ServerStartException(name + " was not ready on " + address() + " within "
                        + startTimeout().toSeconds() + " s. Last lines of " + logFile() + ":\n" + logTail());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerStartException(name + ": interrupted while waiting for it to start.");
            }
        }
    }

    private void forget() {
        launched = null;
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Long> readPid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile()).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static String joined(List<Path> classpath) {
        return classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
