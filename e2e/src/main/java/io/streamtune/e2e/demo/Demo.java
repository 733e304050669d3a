package io.streamtune.e2e.demo;

import io.streamtune.e2e.stack.StreamtuneService;
import io.streamtune.e2e.stack.StreamtuneServices;
import io.streamtune.localstack.LocalStack;
import io.streamtune.localstack.StackEndpoints;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code bin/demo [--quick] [--emails N]}, {@code bin/demo stop}, {@code bin/demo status}: the whole pipeline on the
 * SpamAssassin corpus, on the local stack, left running for queries.
 */
public final class Demo {

    static final String USAGE = """
            Usage: bin/demo [--quick] [--emails N] [--record]
                                                     run the demo; the stack keeps running afterwards
                   bin/demo stop                     stop the four services and the local stack
                   bin/demo status                   say what runs
              --quick      the first 400 emails only: a first look in a few minutes
              --emails N   the first N emails of the stream (default: all 6,046)
              --record     write the run's speed figures (ingest, trainer, evaluation, freshness) into
                           docs/benchmarks/pipeline.json and docs/benchmarks.md""";

    /** Ports of the local stack, as bin/local-stack uses them. */
    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int S3_PORT = 9000;
    static final int QUICK_EMAILS = 400;

    private Demo() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = "run";
        int emails = Integer.MAX_VALUE;
        boolean record = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "run", "stop", "status" -> command = args[i];
                    case "--quick" -> emails = QUICK_EMAILS;
                    case "--emails" -> emails = Integer.parseInt(args[++i]);
                    case "--record" -> record = true;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("Unknown argument '" + args[i] + "'.");
                }
            }
            if (emails < 1) {
                throw new IllegalArgumentException("--emails must be at least 1.");
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            err.println(e.getMessage() == null ? "--emails needs a number." : e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Path root = StreamtuneService.repository();
        Path stackDir = root.resolve(".local-stack");
        try {
            return switch (command) {
                case "stop" -> stop(stackDir, out);
                case "status" -> status(stackDir, out);
                default -> new DemoRun(root, stackDir, emails, record, out).run();
            };
        } catch (IOException | RuntimeException e) {
            err.println();
            err.println("The demo failed: " + e.getMessage());
            err.println("Logs: " + stackDir.resolve("services") + "/<service>/server.log. Stop everything with: "
                    + "./bin/demo stop");
            return 1;
        }
    }

    static LocalStack stack(Path stackDir) {
        return new LocalStack(stackDir, KAFKA_PORT, KAFKA_CONTROLLER_PORT, S3_PORT);
    }

    /** The services as the last start configured them (enough to find and stop them). */
    static StreamtuneServices services(Path stackDir, StackEndpoints endpoints) {
        return StreamtuneServices.builder(stackDir.resolve("services"), endpoints).build();
    }

    private static int stop(Path stackDir, PrintStream out) {
        StreamtuneServices services = services(stackDir, null);
        boolean any = services.anyRunning();
        out.println(any ? "Stopping the services (the trainer writes a final checkpoint) ..." : "No service runs.");
        services.stopAll();
        LocalStack stack = stack(stackDir);
        boolean stackRunning = stack.servers().stream().anyMatch(s -> s.running().isPresent());
        stack.stop();
        out.println(stackRunning ? "Local stack stopped." : "Local stack was not running.");
        out.println("Data stays in " + stackDir + " (rm -rf it to start afresh).");
        return 0;
    }

    private static int status(Path stackDir, PrintStream out) {
        StreamtuneServices services = services(stackDir, null);
        boolean all = true;
        for (StreamtuneService s : StreamtuneService.values()) {
            var p = services.process(s);
            var running = p.running();
            all &= running.isPresent();
            out.printf("%-9s %s%n", s.shortName(), running.map(h -> "running  pid " + h.pid() + "  " + p.address()
                    + "  log " + p.logFile()).orElse("stopped"));
        }
        LocalStack stack = stack(stackDir);
        for (var server : stack.servers()) {
            var running = server.running();
            all &= running.isPresent();
            out.printf("%-9s %s%n", server.name(), running.map(h -> "running  pid " + h.pid() + "  " + server.address())
                    .orElse("stopped"));
        }
        if (Files.exists(stackDir.resolve(StackEndpoints.FILE_NAME))) {
            out.println("Endpoints: " + stackDir.resolve(StackEndpoints.FILE_NAME));
        }
        return all ? 0 : 3;
    }
}
