package io.streamtune.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code bin/local-stack start|stop|status [--dir .local-stack] [--kafka-port 9092] [--kafka-controller-port 9093]
 * [--s3-port 9000]}: runs a real Kafka broker and S3Proxy on 127.0.0.1 that outlive this command, and writes their
 * endpoints to {@code <dir>/endpoints.properties}.
 */
public final class LocalStackCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE_ERROR = 2;
    static final int NOT_RUNNING = 3;

    static final String USAGE = """
            Usage: bin/local-stack start|stop|status [options]
              start    start a Kafka broker (KRaft) and S3Proxy on 127.0.0.1; they keep running after this command
              stop     stop both (SIGTERM, then SIGKILL after 30 s)
              status   say what runs (exit code 0 when both run, 3 otherwise)
            Options:
              --dir DIR                    data, logs, pid files and endpoints.properties (default .local-stack)
              --kafka-port PORT            Kafka client port (default 9092)
              --kafka-controller-port PORT KRaft controller port (default 9093)
              --s3-port PORT               S3 port (default 9000)""";

    private LocalStackCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CliOptions options;
        try {
            options = CliOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return USAGE_ERROR;
        }
        if (options.help()) {
            out.println(USAGE);
            return OK;
        }
        try {
            LocalStack stack = new LocalStack(options.dir(), options.kafkaPort(), options.kafkaControllerPort(),
                    options.s3Port());
            return switch (options.command()) {
                case "start" -> start(stack, out);
                case "stop" -> stop(stack, out);
                default -> status(stack, out);
            };
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            err.println("local-stack " + options.command() + " failed: " + e.getMessage());
            return FAILED;
        }
    }

    private static int start(LocalStack stack, PrintStream out) throws IOException {
        out.println("Starting Kafka (KRaft) and S3Proxy on " + Ports.LOOPBACK + ", data in " + LocalStack.relative(stack.dir()));
        long began = System.nanoTime();
        StackEndpoints endpoints = stack.start(out);
        out.printf("Local stack ready in %.1f s:%n", (System.nanoTime() - began) / 1e9);
        endpoints.asMap().forEach((key, value) -> out.printf("  %-24s %s%n", key, value));
        out.println("Written to " + LocalStack.relative(stack.dir().resolve(StackEndpoints.FILE_NAME))
                + ". Stop with: bin/local-stack stop");
        return OK;
    }

    private static int stop(LocalStack stack, PrintStream out) {
        boolean anyRunning = stack.servers().stream().anyMatch(server -> server.running().isPresent());
        stack.stop();
        out.println(anyRunning ? "Local stack stopped." : "Local stack was not running.");
        return OK;
    }

    private static int status(LocalStack stack, PrintStream out) {
        boolean allRunning = true;
        for (ChildServer server : stack.servers()) {
            Optional<ProcessHandle> process = server.running();
            allRunning &= process.isPresent();
            String address = stack.recordedAddress(server).orElse(server.address());
            out.printf("%-8s %s%n", server.name(), process
                    .map(p -> "running  pid " + p.pid() + "  " + address + "  log " + LocalStack.relative(server.logFile()))
                    .orElse("stopped"));
        }
        return allRunning ? OK : NOT_RUNNING;
    }
}
