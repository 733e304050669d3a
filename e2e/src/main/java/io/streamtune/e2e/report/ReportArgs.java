package io.streamtune.e2e.report;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code bin/report}'s command line.
 *
 * @param windowed whether the SpamAssassin windowed run happens: by default in a full report, not in a quick one
 * @param emojiRuns only these Split-Emoji runs, or null for all
 * @param candidates the validation mode's candidates
 * @param help whether only the usage was asked for
 */
record ReportArgs(Path root, Path cache, Path out, boolean quick, boolean windowed, boolean validation, String only,
        List<String> emojiRuns, List<String> candidates, int emojiEpochs, boolean help) {

    static final String USAGE = """
            bin/report [--quick] [--no-windowed | --windowed] [--only spam|emoji] [--emoji-runs A,B]
                       [--emoji-epochs N] [--validation [--candidates A,B]] [--out DIR] [--root DIR] [--cache DIR]
              --quick         a slice of each corpus (minutes): checks the code, writes to e2e/target/report-quick
              --no-windowed   skip the 4-window SpamAssassin run (default settings, first 512 tokens); a full report
                              runs it
              --windowed      run it in a --quick report too
              --only          one experiment
              --emoji-runs    only these Split-Emoji runs (default, gradual, naive, reservoir, derpp_500,
                              reservoir_ace, ...: the names in Candidates.java)
              --emoji-epochs  passes over each Split-Emoji task before the next arrives (default 1)
              --validation    instead of the report: each candidate learns the training stream minus a validation
                              slice (%d %% of ids) and is scored on that slice, never on the held-out set; writes
                              benchmarks/e2e-validation.json and the "## e2e validation" section of benchmarks.md
              --candidates    the candidates of --validation (default: %s;
                              any name in Candidates.java)
              --out           where benchmarks.md and benchmarks/ go (default: docs, or the quick folder)
              --root          the repository (default: .); --cache: corpora and prefix caches (default: ROOT/.cache)"""
            .formatted(ValidationSlice.PERCENT, String.join(", ", Candidates.VALIDATION));

    static ReportArgs parse(String[] args) {
        Path root = Path.of(".");
        Path cache = null;
        Path out = null;
        int emojiEpochs = 1;
        boolean quick = false;
        Boolean windowed = null;
        boolean validation = false;
        String only = null;
        List<String> emojiRuns = null;
        List<String> candidates = Candidates.VALIDATION;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--windowed" -> windowed = true;
                case "--no-windowed" -> windowed = false;
                case "--validation" -> validation = true;
                case "--candidates" -> candidates = List.of(value(args, ++i, "--candidates").split(","));
                case "--only" -> only = value(args, ++i, "--only");
                case "--root" -> root = Path.of(value(args, ++i, "--root"));
                case "--cache" -> cache = Path.of(value(args, ++i, "--cache"));
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--emoji-runs" -> emojiRuns = List.of(value(args, ++i, "--emoji-runs").split(","));
                case "--emoji-epochs" -> emojiEpochs = Integer.parseInt(value(args, ++i, "--emoji-epochs"));
                case "-h", "--help" -> {
                    return new ReportArgs(root, cache, out, quick, false, false, only, null, candidates, 1, true);
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; try --help");
            }
        }
        if (only != null && !List.of("spam", "emoji").contains(only)) {
            throw new IllegalArgumentException("--only takes spam or emoji, got '" + only + "'");
        }
        root = root.toAbsolutePath().normalize();
        cache = cache == null ? root.resolve(".cache") : cache.toAbsolutePath();
        boolean runWindowed = windowed != null ? windowed : !quick;
        return new ReportArgs(root, cache, out, quick, runWindowed, validation, only, emojiRuns, candidates,
                emojiEpochs, false);
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

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
