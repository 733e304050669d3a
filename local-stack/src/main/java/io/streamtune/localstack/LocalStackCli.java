package io.streamtune.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code bin/local-stack start|stop|status [--dir .local-stack] [--kafka-port 9092] [--kafka-controller-port 9093]
 * [--s3-port 9000]}: runs a real Kafka broker and S3Proxy on 127.0.0.1 that outlive this command, and writes their
 * endpoints to {@code <dir>/endpoints.properties}. The command line is picocli's.
 */
@Command(name = "bin/local-stack", sortOptions = false, usageHelpWidth = 110,
        description = "A Kafka broker (KRaft) and S3Proxy on 127.0.0.1 that keep running after this command.")
public final class LocalStackCli implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE_ERROR = CommandLine.ExitCode.USAGE;
    static final int NOT_RUNNING = 3;

    /** What to do. */
    enum Action { start, stop, status }

    @Parameters(index = "0", paramLabel = "start|stop|status", description = "start both servers; stop them "
            + "(SIGTERM, then SIGKILL after 30 s); or say what runs (exit code 0 when both run, 3 otherwise)")
    Action action;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".local-stack",
            description = "data, logs, pid files and endpoints.properties (default ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092", converter = PortConverter.class,
            description = "Kafka client port (default ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", paramLabel = "PORT", defaultValue = "9093",
            converter = PortConverter.class, description = "KRaft controller port (default ${DEFAULT-VALUE})")
    int kafkaControllerPort;

    @Option(names = "--s3-port", paramLabel = "PORT", defaultValue = "9000", converter = PortConverter.class,
            description = "S3 port (default ${DEFAULT-VALUE})")
    int s3Port;

    private final PrintStream out;
    private final PrintStream err;

    LocalStackCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return commandLine(out, err).execute(args);
    }

    /** The command line with its output on {@code out} and its errors and usage on {@code err}. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        // an option given twice: the last one counts (a script adds its own after the defaults it passes)
        return new CommandLine(new LocalStackCli(out, err)).setCaseInsensitiveEnumValuesAllowed(true)
                .setOverwrittenOptionsAllowed(true)
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    }

    @Override
    public Integer call() {
        try {
            LocalStack stack = new LocalStack(dir, kafkaPort, kafkaControllerPort, s3Port);
            return switch (action) {
                case start -> start(stack, out);
                case stop -> stop(stack, out);
                case status -> status(stack, out);
            };
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            err.println("local-stack " + action + " failed: " + e.getMessage());
            return FAILED;
        }
    }

    /** A port option: a number between 1 and 65535. */
    static final class PortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port;
            try {
                port = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("must be a port number between 1 and 65535, was '" + value + "'.");
            }
            if (port < 1 || port > 65535) {
                throw new TypeConversionException("must be between 1 and 65535, was " + port + ".");
            }
            return port;
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
