package io.streamtune.e2e.report;

import io.streamtune.e2e.demo.PipelineReport;
import io.streamtune.model.ModelRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code bin/report}: the quality and speed report. Runs the SpamAssassin stream and Split-Emoji through the trainer's
 * own loop, the baselines and the upper bounds, then writes {@code docs/benchmarks/e2e.json}, the plots and the
 * {@code ## e2e} section of {@code docs/benchmarks.md}.
 *
 * <p>Usage: {@link #USAGE}.
 */
public final class ReportMain {

    static final String USAGE = """
            bin/report [--quick] [--windowed] [--only spam|emoji] [--emoji-runs A,B] [--out DIR] [--root DIR]
                       [--cache DIR]
              --quick     a slice of each corpus (minutes): checks the code, writes to e2e/target/report-quick
              --windowed  also the 4-window variant (first 512 tokens) of the best SpamAssassin configuration
              --only      one experiment
              --emoji-runs  only these Split-Emoji streaming runs (naive, reservoir, derpp_500, reservoir_ace, ...)
              --out       where benchmarks.md and benchmarks/ go (default: docs, or the quick folder)
              --root      the repository (default: .); --cache: corpora and prefix caches (default: ROOT/.cache)""";
    static final String QUICK_OUT = "e2e/target/report-quick";
    /** The trainer's loop logs each new label at INFO; the report prints its own progress. */
    private static final Logger QUIET = Logger.getLogger("io.streamtune.trainer");

    private ReportMain() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(".");
        Path cache = null;
        Path out = null;
        int emojiEpochs = 1;
        boolean quick = false;
        boolean windowed = false;
        String only = null;
        List<String> emojiRuns = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--windowed" -> windowed = true;
                case "--only" -> only = value(args, ++i, "--only");
                case "--root" -> root = Path.of(value(args, ++i, "--root"));
                case "--cache" -> cache = Path.of(value(args, ++i, "--cache"));
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--emoji-runs" -> emojiRuns = List.of(value(args, ++i, "--emoji-runs").split(","));
                case "--emoji-epochs" -> emojiEpochs = Integer.parseInt(value(args, ++i, "--emoji-epochs"));
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; try --help");
            }
        }
        if (only != null && !List.of("spam", "emoji").contains(only)) {
            throw new IllegalArgumentException("--only takes spam or emoji, got '" + only + "'");
        }
        root = root.toAbsolutePath().normalize();
        cache = cache == null ? root.resolve(".cache") : cache.toAbsolutePath();
        ReportSize size = (quick ? ReportSize.small(windowed) : ReportSize.full(windowed)).withEmojiEpochs(emojiEpochs);
        QUIET.setLevel(Level.WARNING);
        ModelRuntime.init();
        Path work = Files.createTempDirectory("streamtune-report");
        CpuClock total = CpuClock.start();
        Map<String, Double> numbers = new LinkedHashMap<>();
        Machine machine = Machine.now();
        Progress.say("%s run on %s; work folder %s", quick ? "quick" : "full", machine.describe(), work);
        SpamExperiment spam = null;
        EmojiExperiment emoji = null;
        if (only == null || only.equals("spam")) {
            spam = new SpamExperiment(size, cache, work, 42L);
            spam.run();
        }
        if (only == null || only.equals("emoji")) {
            emoji = new EmojiExperiment(size, cache, work, 42L);
            if (emojiRuns != null) {
                emoji.onlyRuns(emojiRuns);
            }
            emoji.run();
        }
        numbers.putAll(machine.numbers(quick));
        List<String> charts = new ArrayList<>();
        // a quick run only shows the code works: it never overwrites the committed report
        Path docs = out != null ? out.toAbsolutePath() : quick ? root.resolve(QUICK_OUT) : root.resolve("docs");
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
        numbers.putAll(PipelineReport.prefixed(root.resolve("docs")));
        numbers.put("report_wall_s", total.wallSeconds());
        numbers.put("report_cpu_s", total.cpuSeconds());
        numbers.put("load_average_end", CpuClock.loadAverage());
        ReportWriter.write(docs, numbers, ReportMarkdown.section(numbers, machine, spam, emoji, charts, quick));
        Progress.say("done in %s: %s and %s", Progress.duration(total.wallSeconds()), docs.resolve(ReportWriter.JSON),
                docs.resolve(ReportWriter.MARKDOWN));
        deleteTree(work);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
