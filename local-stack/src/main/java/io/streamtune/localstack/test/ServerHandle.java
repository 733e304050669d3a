package io.streamtune.localstack.test;

import io.streamtune.localstack.ChildServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A server of a test's own, for tests that stop, crash or restart it: {@link #start()} brings it back on the same
 * port with the same data. {@link #close()} kills it and deletes its data.
 *
 * @param <E> {@link KafkaEndpoint} or {@link S3Endpoint}
 */
public final class ServerHandle<E> implements AutoCloseable {

    private final ChildServer server;
    private final E endpoint;
    private final Consumer<ServerHandle<?>> onClose;
    private boolean closed;

    ServerHandle(ChildServer server, E endpoint, Consumer<ServerHandle<?>> onClose) {
        this.server = server;
        this.endpoint = endpoint;
        this.onClose = onClose;
    }

    /** Where clients connect; the same across restarts. */
    public E endpoint() {
        return endpoint;
    }

    /** Starts the server again (a no-op while it runs) and waits until it serves. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException(server.name() + " at " + server.address() + " was closed; start a fresh one.");
        }
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server cleanly (SIGTERM); clients see it go away, its data stays. */
    public synchronized void stop() {
        server.stop();
    }

    /** Kills the server (SIGKILL), as a crash would; its data stays as the crash left it. */
    public synchronized void kill() {
        server.kill();
    }

    public boolean isRunning() {
        return server.running().isPresent();
    }

    /** The server's process id; fails when it is not running. */
    public long pid() {
        return server.running().map(ProcessHandle::pid)
                .orElseThrow(() -> new IllegalStateException(server.name() + " at " + server.address() + " is not running."));
    }

    /** The server's log, for a failing test's message. */
    public Path logFile() {
        return server.logFile();
    }

    /** Kills the server and deletes its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.kill();
        deleteRecursively(server.dir());
        onClose.accept(this);
    }

    @Override
    public String toString() {
        return server.name() + " at " + server.address() + " in " + server.dir();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + dir, e);
        }
    }
}
