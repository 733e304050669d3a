package io.streamtune.e2e.report;

import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.training.TrainerOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the report's markdown writers share: the run's numbers, formatting of them, and the text being written. */
abstract class Markdown {

    static final String QUICK_NOTE = " (a slice of each corpus: numbers only show the code runs)";

    final Map<String, Double> n;
    final StringBuilder out = new StringBuilder();

    Markdown(Map<String, Double> numbers) {
        this.n = numbers;
    }

    /**
     * The product's default settings in words, from {@link TrainingSettings#defaults()} and the trainer's default
     * options (nothing typed by hand), with the buffer {@code base} keeps.
     */
    static String defaults(TrainingSettings base) {
        TrainingSettings d = base;
        TrainerOptions o = TrainerOptions.defaults(List.of("report"), Path.of("."));
        String replay = d.replay() == ReplayStrategy.NONE ? "replay off"
                : String.format(Locale.ROOT, "%s replay, %s replayed per new example%s, from a buffer of %,d of "
                        + "which one source may hold a share of %s once a second source appears (the report sends "
                        + "every example from one source, so it uses the whole buffer)%s", d.replay().wire(),
                        trim(d.replayRatio()), o.evenReplayShare() > 0 ? String.format(Locale.ROOT, " (a share of %s "
                        + "spread evenly over the buffer's labels, the rest balancing the step's labels)",
                        trim(o.evenReplayShare())) : " (balancing the step's labels)", d.replayCapacity(),
                        trim(d.maxSourceShare()), o.asymmetricLoss() ? ", ER-ACE's asymmetric loss on" : "");
        return String.format(Locale.ROOT, "%s (%d layers), batch %d, %d tokens × %d window, AdamW (encoder %s, head "
                + "%s, warm-up %d steps, then the rates follow sqrt(%d / (%d + age)) down to %s of their peak), dropout "
                + "%s, %s", d.fineTuneMode().wire(), d.topK(), d.batchSize(), d.maxSeqLength(), d.maxWindows(),
                trim(d.learningRate()), trim(d.headLearningRate()), d.warmupSteps(), d.lrDecaySteps(),
                d.lrDecaySteps(), trim(d.lrFloor()), trim(o.dropout()), replay);
    }

    /** A setting as written in configuration: 5e-5 as 0.00005, 1.0 as 1. */
    static String trim(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    double get(String key) {
        Double v = n.get(key);
        return v == null ? Double.NaN : v;
    }

    String f(String key) {
        return fmt(get(key));
    }

    static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "–";
    }

    String f0(String key) {
        double v = get(key);
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.0f", v) : "–";
    }

    String f1(String key) {
        double v = get(key);
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.1f", v) : "–";
    }

    String f2(String key) {
        double v = get(key);
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "–";
    }

    String x(String key) {
        double v = get(key);
        if (!Double.isFinite(v)) {
            return "–";
        }
        return v >= 1 / EmojiFigures.FLOOR / 2 ? "≥ " + String.format(Locale.ROOT, "%.0f", v) + "×"
                : String.format(Locale.ROOT, "%.1f×", v);
    }

    /** A difference of F1 in points (×100), signed. */
    String pts(String key) {
        double v = get(key);
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.1f", 100 * v) : "–";
    }

    String num(String key) {
        double v = get(key);
        if (!Double.isFinite(v)) {
            return "–";
        }
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.valueOf(v);
    }

    /** ✓ or ✗ for a figure against an aim, – when the figure was not measured. */
    static String mark(double value, double bound, boolean atLeast) {
        if (!Double.isFinite(value) || !Double.isFinite(bound)) {
            return "–";
        }
        return (atLeast ? value >= bound : value <= bound) ? "✓" : "✗";
    }

    void images(List<String> charts, String prefix) {
        for (String c : charts) {
            if (c.startsWith(prefix)) {
                line("![%s](benchmarks/%s)", c.replace(".png", ""), c);
                line();
            }
        }
    }

    void line(String format, Object... args) {
        out.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
    }

    void line() {
        out.append('\n');
    }
}
