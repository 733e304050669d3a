package io.streamtune.e2e.report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code bin/report}'s command line (picocli's).
 *
 * @param windowed whether the SpamAssassin windowed run happens: by default in a full report, not in a quick one
 * @param emojiRuns only these Split-Emoji runs, or null for all
 * @param candidates the validation mode's candidates
 * @param validationFold which slice of the training stream the validation mode scores on ({@link ValidationSlice})
 * @param help whether only the usage was asked for
 * @param check the held-out check: the candidates learn the whole training stream and are scored on the held-out set
 */
record ReportArgs(Path root, Path cache, Path out, boolean quick, boolean windowed, boolean validation, String only,
        List<String> emojiRuns, List<String> candidates, int emojiEpochs, int validationFold, boolean help,
        boolean check) {

    ReportArgs(Path root, Path cache, Path out, boolean quick, boolean windowed, boolean validation, String only,
            List<String> emojiRuns, List<String> candidates, int emojiEpochs, int validationFold, boolean help) {
        this(root, cache, out, quick, windowed, validation, only, emojiRuns, candidates, emojiEpochs, validationFold,
                help, false);
    }

    /** The options as picocli fills them in. */
    @Command(name = "bin/report", sortOptions = false, usageHelpWidth = 118,
            description = "The quality and speed report: the `## e2e` section of docs/benchmarks.md, "
                    + "docs/benchmarks/e2e.json and the plots.")
    static final class Line {

        /** What {@code --only} takes. */
        enum Experiment { spam, emoji }

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
        boolean help;

        @Option(names = "--quick",
                description = "a slice of each corpus (minutes): checks the code, writes to " + ReportMain.QUICK_OUT)
        boolean quick;

        @Option(names = "--windowed", negatable = true, description = "the 4-window SpamAssassin run (default settings, "
                + "first 512 tokens): a full report runs it unless --no-windowed, a quick one only with --windowed")
        Boolean windowed;

        @Option(names = "--only", paramLabel = "spam|emoji", description = "one experiment")
        Experiment only;

        @Option(names = "--emoji-runs", paramLabel = "A,B", split = ",", description = "only these Split-Emoji runs "
                + "(default, gradual, naive, reservoir, derpp_500, reservoir_ace, ...: the names in Candidates.java)")
        List<String> emojiRuns;

        @Option(names = "--emoji-epochs", paramLabel = "N", defaultValue = "1",
                description = "passes over each Split-Emoji task before the next arrives (default ${DEFAULT-VALUE})")
        int emojiEpochs;

        @Option(names = "--validation", description = "instead of the report: each candidate learns the training "
                + "stream minus a validation slice (" + ValidationSlice.PERCENT + " %% of ids) and is scored on that "
                + "slice, never on the held-out set; writes benchmarks/e2e-validation.json and the \"## e2e "
                + "validation\" section of benchmarks.md")
        boolean validation;

        @Option(names = "--check", description = "instead of the report: each of --candidates learns the whole "
                + "training stream and is scored on the held-out set, as the report's runs are, without the other "
                + "runs; writes benchmarks/e2e-check.json (check_* keys) only. A look at chosen candidates between "
                + "two full reports, never a choice: choices are made with --validation")
        boolean check;

        @Option(names = "--validation-fold", paramLabel = "K", defaultValue = "0", description = "which slice of "
                + "the training stream --validation scores on: the ids in the K-th " + ValidationSlice.PERCENT
                + " %% after the held-out ones (default ${DEFAULT-VALUE}, the slice the TF-IDF tuning uses); another "
                + "fold judges the same candidates on other examples")
        int validationFold;

        @Option(names = "--candidates", paramLabel = "A,B", split = ",", description = "the candidates of --validation "
                + "(default: default, reservoir, reservoir_ace, class_balanced, derpp, gradual; any name in "
                + "Candidates.java)")
        List<String> candidates;

        @Option(names = "--out", paramLabel = "DIR",
                description = "where benchmarks.md and benchmarks/ go (default: docs, or the quick folder)")
        Path out;

        @Option(names = "--root", paramLabel = "DIR", defaultValue = ".",
                description = "the repository (default: ${DEFAULT-VALUE})")
        Path root;

        @Option(names = "--cache", paramLabel = "DIR", description = "corpora and prefix caches (default: ROOT/.cache)")
        Path cache;
    }

    /**
     * The arguments, checked; {@link #help()} when the usage was asked for (then printed on {@code usage}).
     *
     * @throws ParameterException on a mistake, with picocli's message naming it
     */
    static ReportArgs parse(String[] args, PrintWriter usage) {
        Line line = new Line();
        CommandLine cl = new CommandLine(line).setCaseInsensitiveEnumValuesAllowed(true)
                .setOverwrittenOptionsAllowed(true);
        cl.parseArgs(args);
        if (cl.isUsageHelpRequested()) {
            cl.usage(usage);
            return new ReportArgs(line.root, line.cache, line.out, false, false, false, null, null, List.of(), 1, 0,
                    true);
        }
        Path root = line.root.toAbsolutePath().normalize();
        Path cache = line.cache == null ? root.resolve(".cache") : line.cache.toAbsolutePath();
        boolean runWindowed = line.windowed != null ? line.windowed : !line.quick;
        if (line.check && line.validation) {
            throw new ParameterException(cl, "--check and --validation are two modes: give one");
        }
        try {
            ValidationSlice.from(SpamExperiment.HELDOUT_PERCENT, line.validationFold);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, e.getMessage());
        }
        return new ReportArgs(root, cache, line.out, line.quick, runWindowed, line.validation,
                line.only == null ? null : line.only.name(), line.emojiRuns,
                line.candidates == null ? Candidates.VALIDATION : List.copyOf(line.candidates), line.emojiEpochs,
                line.validationFold, false, line.check);
    }

    boolean spam() {
        return only == null || only.equals("spam");
    }

    boolean emoji() {
        return only == null || only.equals("emoji");
    }

    /** Where benchmarks.md and benchmarks/ go: a quick run never overwrites the committed report. */
    Path docs() {
        return out != null ? out.toAbsolutePath() : quick ? root.resolve(ReportMain.QUICK_OUT) : root.resolve("docs");
    }
}
