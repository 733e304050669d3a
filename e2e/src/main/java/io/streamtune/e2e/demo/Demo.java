package io.streamtune.e2e.demo;

import io.streamtune.e2e.stack.StreamtuneService;
import io.streamtune.e2e.stack.StreamtuneServices;
import io.streamtune.localstack.LocalStack;
import io.streamtune.localstack.StackEndpoints;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/demo [--quick] [--emails N] [--rate N|auto [--warmup N] [--seed N]] [--record]},
 * {@code bin/demo stop}, {@code bin/demo status}: the whole pipeline on the
 * SpamAssassin corpus, on the local stack, left running for queries. The command line is picocli's.
 */
@Command(name = "bin/demo", sortOptions = false, usageHelpWidth = 110,
        description = "The whole pipeline on the SpamAssassin corpus, on the local stack (which keeps running).")
public final class Demo implements Callable<Integer> {

    /** Ports of the local stack, as bin/local-stack uses them. */
    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int S3_PORT = 9000;
    static final int QUICK_EMAILS = 400;

    /** What to do. */
    enum Action { run, stop, status }

    @Parameters(index = "0", arity = "0..1", paramLabel = "run|stop|status", defaultValue = "run",
            description = "run the demo (the default); stop the four services and the local stack; say what runs")
    Action action;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    @Option(names = "--quick", description = "the first " + QUICK_EMAILS + " emails only: a first look in a few minutes")
    boolean quick;

    @Option(names = "--emails", paramLabel = "N", description = "the first N emails of the stream (default: all 6,046)")
    Integer emails;

    @Option(names = "--rate", paramLabel = "N|auto", converter = Pace.RateConverter.class,
            description = "a sustained stream: after the warm-up, the rest at N emails/s as Poisson arrivals; auto: "
            + "half the trainer's capacity as the warm-up measured it (default: the whole stream at once)")
    Double rate;

    @Option(names = "--warmup", paramLabel = "N", description = "with --rate: the first N emails sent at once, "
            + "trained, checkpointed and decided on before the stream at the rate starts (default: "
            + Pace.DEFAULT_WARMUP + ")")
    Integer warmup;

    @Option(names = "--seed", paramLabel = "N", description = "with --rate: the seed of the arrival schedule "
            + "(default: " + Pace.DEFAULT_SEED + ")")
    Long seed;

    @Option(names = "--no-shadow", description = "register the model without the linear shadow challenger every "
            + "model gets by default (\"variants\": []): the transformer alone, to see what the shadow costs")
    boolean noShadow;

    @Option(names = "--record", description = "write the run's speed figures (ingest, trainer, evaluation, freshness; "
            + "with --rate: arrival rate, trainer capacity) into docs/benchmarks/pipeline.json and docs/benchmarks.md")
    boolean record;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    Demo(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintStream out, PrintStream err) {
        return new CommandLine(new Demo(out, err)).setCaseInsensitiveEnumValuesAllowed(true)
                .setOverwrittenOptionsAllowed(true)
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    }

    /** The emails to send: {@code --emails}, the quick slice, or all. */
    int emailLimit() {
        if (emails != null && emails < 1) {
            throw new ParameterException(spec.commandLine(), "--emails must be at least 1, was " + emails + ".");
        }
        if (emails != null && quick) {
            throw new ParameterException(spec.commandLine(), "--quick and --emails: give one of them.");
        }
        return emails != null ? emails : quick ? QUICK_EMAILS : Integer.MAX_VALUE;
    }

    /** How a {@code --rate} run streams; null without {@code --rate}. */
    Pace pace() {
        if (rate == null) {
            if (warmup != null || seed != null) {
                throw new ParameterException(spec.commandLine(), (warmup != null ? "--warmup" : "--seed")
                        + " goes with --rate: give --rate N (emails per second) or --rate auto.");
            }
            return null;
        }
        int w = warmup == null ? Pace.DEFAULT_WARMUP : warmup;
        if (w < 1) {
            throw new ParameterException(spec.commandLine(), "--warmup must be at least 1, was " + w + ".");
        }
        int limit = emailLimit();
        if (w >= limit) {
            throw new ParameterException(spec.commandLine(), "--warmup " + w + " leaves none of the " + limit
                    + " emails to stream at --rate: give more --emails or a smaller --warmup.");
        }
        return new Pace(rate, w, seed == null ? Pace.DEFAULT_SEED : seed);
    }

    @Override
    public Integer call() throws IOException {
        int limit = emailLimit();
        Pace pace = pace();
        Path root = StreamtuneService.repository();
        Path stackDir = root.resolve(".local-stack");
        try {
            return switch (action) {
                case stop -> stop(stackDir, out);
                case status -> status(stackDir, out);
                case run -> new DemoRun(root, stackDir, limit, record, pace, out, !noShadow).run();
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
