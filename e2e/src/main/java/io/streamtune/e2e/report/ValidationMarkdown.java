package io.streamtune.e2e.report;

import java.time.LocalDate;
import java.util.Map;

/** The {@code ## e2e validation} section: the candidates of {@link Candidates} scored on validation slices only. */
final class ValidationMarkdown extends Markdown {

    private ValidationMarkdown(Map<String, Double> numbers) {
        super(numbers);
    }

    static String section(Map<String, Double> numbers, Machine machine, SpamExperiment spam, EmojiExperiment emoji,
            boolean quick) {
        ValidationMarkdown md = new ValidationMarkdown(numbers);
        md.header(machine, quick);
        if (spam != null) {
            md.spam(spam);
        }
        if (emoji != null) {
            md.emoji(emoji);
        }
        return md.out.toString();
    }

    /** The fold this run scored on (0 when the numbers name none). */
    private int fold() {
        Double fold = n.get("validation_fold");
        return fold == null ? 0 : fold.intValue();
    }

    /** The first bucket of the slice this run scored on. */
    private int from() {
        return ValidationSlice.from(SpamExperiment.HELDOUT_PERCENT, fold());
    }

    private void header(Machine machine, boolean quick) {
        line(ReportWriter.VALIDATION_HEADING);
        line();
        line("Written by `%s`%s on %s; the run took %s (%.0f CPU-seconds). Machine: %s. Each "
                + "candidate configuration (`e2e/src/main/java/io/streamtune/e2e/report/Candidates.java`) learns the "
                + "training stream minus a validation slice (the ids whose `HeldoutSplit.bucket` is in [%d, %d): "
                + "fold %d of `--validation-fold`; fold 0 is the one the TF-IDF baseline's tuning uses) and is scored "
                + "on that slice only, at each phase end (SpamAssassin) or after each task (Split-Emoji); the held-out "
                + "set is never scored, so a choice made here can be checked on it in `## e2e`. Raw numbers: "
                + "[benchmarks/%s.json](benchmarks/%s.json).",
                quick ? "bin/report --validation --quick" : "bin/report --validation", quick ? QUICK_NOTE : "",
                LocalDate.now(),
                Progress.duration(get("report_wall_s")), get("report_cpu_s"), machine.describe(),
                from(), from() + ValidationSlice.PERCENT, fold(),
                ReportWriter.VALIDATION, ReportWriter.VALIDATION);
        line();
    }

    private void spam(SpamExperiment spam) {
        line("### SpamAssassin");
        line();
        line("%s emails learnt in stream order, %s in the validation slice. Aims as in `## e2e`'s goals where they are "
                + "absolute (✓ / ✗).", num("val_spam_train_examples"), num("val_spam_validation_examples"));
        line();
        line("| candidate | macro-F1 (all) | macro-F1 2002 | macro-F1 2003 | hard-ham accuracy (≥ %s) | largest "
                + "phase-to-phase fall (≤ %s) | prequential accuracy |", Goals.HARDHAM_ACCURACY, Goals.MAX_PHASE_DROP);
        line("|---|---|---|---|---|---|---|");
        for (String c : spam.runs.keySet()) {
            String k = "val_spam_" + c + "_";
            line("| %s (`%s`) | %s | %s | %s | %s %s | %s %s | %s |", Charts.name(c), c, f(k + "macro_f1"),
                    f(k + "f1_2002"), f(k + "f1_2003"), f(k + "hardham_accuracy"),
                    mark(get(k + "hardham_accuracy"), Goals.HARDHAM_ACCURACY, true), f(k + "max_phase_drop"),
                    mark(get(k + "max_phase_drop"), Goals.MAX_PHASE_DROP, false), f(k + "prequential_accuracy"));
        }
        line();
    }

    private void emoji(EmojiExperiment emoji) {
        line("### Split-Emoji");
        line();
        boolean naive = emoji.matrices.containsKey("naive");
        line("%s examples learnt task by task, %s in the validation slices.%s", num("val_emoji_train_examples"),
                num("val_emoji_validation_examples"), naive ? " Forgetting is marked against "
                        + Goals.FORGETTING_SHARE_OF_NAIVE + " × naive's, which ran as a candidate here." : "");
        line();
        line("| candidate | final average accuracy | average forgetting | least new-task accuracy (≥ %s) | "
                + "prequential accuracy |", Goals.MIN_NEW_TASK_ACCURACY);
        line("|---|---|---|---|---|");
        double bound = Goals.FORGETTING_SHARE_OF_NAIVE * get("val_emoji_naive_avg_forgetting");
        for (String c : emoji.matrices.keySet()) {
            String k = "val_emoji_" + c + "_";
            line("| %s (`%s`) | %s | %s%s | %s %s | %s |", Charts.name(c), c, f(k + "final_avg_accuracy"),
                    f(k + "avg_forgetting"), naive && !c.equals("naive")
                            ? " " + mark(get(k + "avg_forgetting"), bound, false) : "",
                    f(k + "min_new_task_accuracy"), mark(get(k + "min_new_task_accuracy"),
                            Goals.MIN_NEW_TASK_ACCURACY, true), f(k + "prequential_accuracy"));
        }
        line();
    }
}
