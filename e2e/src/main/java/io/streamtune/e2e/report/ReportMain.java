package io.streamtune.e2e.report;

import io.streamtune.e2e.demo.PipelineReport;
import io.streamtune.model.ModelRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * {@code bin/report}: the quality and speed report. Runs the SpamAssassin stream and Split-Emoji through the trainer's
 * own loop, the baselines and the upper bounds, then writes {@code docs/benchmarks/e2e.json}, the plots and the
 * {@code ## e2e} section of {@code docs/benchmarks.md}; with {@code --validation}, the candidates on validation slices
 * into {@code docs/benchmarks/e2e-validation.json} and the {@code ## e2e validation} section instead.
 *
 * <p>Usage: {@link ReportArgs#USAGE}.
 */
public final class ReportMain {

    static final String QUICK_OUT = "e2e/target/report-quick";
    /** The trainer's loop logs each new label at INFO; the report prints its own progress. */
    private static final Logger QUIET = Logger.getLogger("io.streamtune.training");

    private ReportMain() {
    }

    public static void main(String[] argv) throws IOException {
        ReportArgs args;
        try {
            args = ReportArgs.parse(argv, new PrintWriter(System.out, true));
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            e.getCommandLine().usage(System.err);
            System.exit(CommandLine.ExitCode.USAGE);
            return;
        }
        if (args.help()) {
            return;
        }
        ReportSize size = (args.quick() ? ReportSize.small(args.windowed()) : ReportSize.full(args.windowed()))
                .withEmojiEpochs(args.emojiEpochs());
        QUIET.setLevel(Level.WARNING);
        ModelRuntime.init();
        Path work = Files.createTempDirectory("streamtune-report");
        CpuClock total = CpuClock.start();
        Machine machine = Machine.now();
        Progress.say("%s%s run on %s; work folder %s", args.quick() ? "quick" : "full",
                args.validation() ? " validation" : "", machine.describe(), work);
        SpamExperiment spam = args.spam() ? new SpamExperiment(size, args.cache(), work, 42L, args.validation())
                .validationFold(args.validationFold()) : null;
        EmojiExperiment emoji = args.emoji() ? new EmojiExperiment(size, args.cache(), work, 42L, args.validation())
                .validationFold(args.validationFold()) : null;
        if (args.validation()) {
            validate(args, spam, emoji, machine, total);
        } else if (args.check()) {
            check(args, spam, emoji, total);
        } else {
            report(args, spam, emoji, machine, total);
        }
        deleteTree(work);
    }

    private static void report(ReportArgs args, SpamExperiment spam, EmojiExperiment emoji, Machine machine,
            CpuClock total) throws IOException {
        if (spam != null) {
            spam.run();
        }
        if (emoji != null) {
            if (args.emojiRuns() != null) {
                emoji.onlyRuns(args.emojiRuns());
            }
            emoji.run();
        }
        Map<String, Double> numbers = new LinkedHashMap<>(machine.numbers(args.quick()));
        List<String> charts = new ArrayList<>();
        Path docs = args.docs();
        Path images = docs.resolve("benchmarks");
        if (spam != null) {
            numbers.putAll(SpamFigures.numbers(spam));
            charts.addAll(Charts.spam(spam, images));
        }
        if (emoji != null) {
            numbers.putAll(EmojiFigures.numbers(emoji));
            charts.addAll(Charts.emoji(emoji, images));
        }
        // the pipeline's speed comes from a recorded demo run (bin/demo --record), not from this one
        numbers.putAll(PipelineReport.prefixed(args.root().resolve("docs")));
        // and the demo's challengers (bin/demo --record: the linear shadow against the transformer) from its run
        Path e2e = args.root().resolve("docs").resolve(ReportWriter.JSON);
        if (java.nio.file.Files.exists(e2e)) {
            ReportWriter.readJson(e2e).forEach((k, v) -> {
                if (k.startsWith("demo_")) {
                    numbers.put(k, v);
                }
            });
        }
        finish(numbers, total);
        ReportWriter.write(docs, numbers, ReportMarkdown.section(numbers, machine, spam, emoji, charts,
                args.quick()));
        Progress.say("done in %s: %s and %s", Progress.duration(total.wallSeconds()), docs.resolve(ReportWriter.JSON),
                docs.resolve(ReportWriter.MARKDOWN));
    }

    private static void validate(ReportArgs args, SpamExperiment spam, EmojiExperiment emoji, Machine machine,
            CpuClock total) throws IOException {
        if (spam != null) {
            spam.validate(args.candidates());
        }
        if (emoji != null) {
            emoji.validate(args.candidates());
        }
        Map<String, Double> numbers = new LinkedHashMap<>(machine.numbers(args.quick()));
        numbers.put("validation_fold", (double) args.validationFold());
        if (spam != null) {
            numbers.putAll(SpamFigures.validation(spam));
        }
        if (emoji != null) {
            numbers.putAll(EmojiFigures.validation(emoji));
        }
        finish(numbers, total);
        Path docs = args.docs();
        ReportWriter.write(docs, ReportWriter.VALIDATION, ReportWriter.VALIDATION_HEADING, numbers,
                ValidationMarkdown.section(numbers, machine, spam, emoji, args.quick()));
        Progress.say("done in %s: %s and %s", Progress.duration(total.wallSeconds()),
                docs.resolve(ReportWriter.json(ReportWriter.VALIDATION)), docs.resolve(ReportWriter.MARKDOWN));
    }

    /**
     * The held-out check: the candidates' runs as validation mode makes them, on the whole training stream and the
     * held-out set (the experiments are not in validation mode), their figures under {@code check_} keys.
     */
    private static void check(ReportArgs args, SpamExperiment spam, EmojiExperiment emoji, CpuClock total)
            throws IOException {
        Map<String, Double> numbers = new LinkedHashMap<>();
        if (spam != null) {
            spam.validate(args.candidates());
            SpamFigures.validation(spam).forEach((k, v) -> numbers.put("check_" + k.substring("val_".length()), v));
        }
        if (emoji != null) {
            emoji.validate(args.candidates());
            EmojiFigures.validation(emoji).forEach((k, v) -> numbers.put("check_" + k.substring("val_".length()), v));
        }
        finish(numbers, total);
        Path json = args.docs().resolve(ReportWriter.json("e2e-check"));
        Files.createDirectories(json.getParent());
        ReportWriter.writeJson(json, numbers);
        Progress.say("done in %s: %s", Progress.duration(total.wallSeconds()), json);
    }

    private static void finish(Map<String, Double> numbers, CpuClock total) {
        numbers.put("report_wall_s", total.wallSeconds());
        numbers.put("report_cpu_s", total.cpuSeconds());
        numbers.put("load_average_end", CpuClock.loadAverage());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
