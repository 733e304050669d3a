package io.streamtune.e2e.report;

import io.streamtune.training.TrainerOptions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code ## e2e} section of benchmarks.md, written from the run's numbers (nothing in it is typed by hand). */
final class ReportMarkdown extends Markdown {

    private ReportMarkdown(Map<String, Double> numbers) {
        super(numbers);
    }

    static String section(Map<String, Double> numbers, Machine machine, SpamExperiment spam, EmojiExperiment emoji,
            List<String> charts, boolean quick) {
        ReportMarkdown md = new ReportMarkdown(numbers);
        md.header(machine, quick);
        md.goals();
        if (spam != null) {
            md.spam(spam, charts);
        }
        if (emoji != null) {
            md.out.append(EmojiMarkdown.section(numbers, emoji, charts));
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
        line("Written by `%s`%s (`io.streamtune.e2e.report.ReportMain`) on %s; the run took %s (%.0f "
                + "CPU-seconds). Machine: %s, %.1f at the end: the cores were shared with other work, so wall-clock "
                + "speeds are lower bounds; CPU-seconds are steadier. Unless a row says otherwise: batch 16 new "
                + "examples, 128 tokens (one window), CPU only. Raw numbers: [benchmarks/e2e.json](benchmarks/e2e.json).",
                quick ? "bin/report --quick" : "bin/report", quick ? QUICK_NOTE : "", LocalDate.now(),
                Progress.duration(get("report_wall_s")), get("report_cpu_s"), machine.describe(),
                get("load_average_end"));
        line();
    }

    /** The checks, each figure against its aim (computed from this run's numbers where it is relative). */
    private void goals() {
        List<Goals.Goal> goals = Goals.of(n);
        if (goals.isEmpty()) {
            return;
        }
        line("### Goals");
        line();
        line("The product's default configuration (`default` below) against the aims, on held-out data; the default "
                + "was not chosen on it (choices go through `bin/report --validation`, section `e2e validation`).");
        line();
        line("| figure (e2e.json) | value | aim | bound | met |");
        line("|---|---|---|---|---|");
        for (Goals.Goal g : goals) {
            line("| `%s` | %s | %s | %s | %s |", g.key(), fmt(g.value()), g.aim(), fmt(g.bound()),
                    !g.known() ? "–" : g.met() ? "✓" : "✗");
        }
        line();
        long met = goals.stream().filter(Goals.Goal::met).count();
        line("%d of %d met.", met, goals.size());
        line();
    }

    // ---- SpamAssassin --------------------------------------------------------------------------------------

    private void spam(SpamExperiment spam, List<String> charts) {
        TrainerOptions o = TrainerOptions.defaults(List.of(SpamExperiment.MODEL), Path.of("."));
        line("### Learning quality: the SpamAssassin stream");
        line();
        line("%d emails of the SpamAssassin public corpus (subject + body, HTML parts reduced to their visible text, "
                + "headers dropped; every learner sees the same text) arrive in time order: the 2002 sets, then the "
                + "2003 sets, then hard ham (ham that looks like spam). %d are held out by ingest's own split (HMAC-SHA256 "
                + "of `spamassassin/<id>` under the dev key `DevKeys.HELDOUT_KEY`, 20 %%), %d are trained on in one pass. The model is all-MiniLM-L6-v2, run "
                + "through the trainer service's own loop (`ModelTrainer` of `training-core`, its replay buffers, "
                + "DER++ weighting and ER-ACE loss) in-process on frozen prefixes computed once per email (a step on them is the step the "
                + "trainer takes on the text).",
                spam.train.size() + spam.heldout.size(), spam.heldout.size(), spam.train.size());
        line();
        line("**default** is the product's defaults, as a fresh deployment gets them: %s. The other rows change one "
                + "thing each: the replay strategy (naive = replay off; reservoir; DER++ with α = %s, β = %s; the "
                + "default raises α to %s" + (o.oneLabelAlphaOnOthers() ? " on the other labels' remembered logits" : "")
                + " in a one-label step of a label trained 100 steps or more), with "
                + "the whole buffer open to the one source, and the trainer's asymmetric loss (ER-ACE, Caccia et al. "
                + "2022; when it applies: `TrainerOptions`) only where the row says so; gradual = default with gradual unfreezing (the head first, then one "
                + "more of the top %d layers every %d steps); windowed = default reading the first %d windows of "
                + "each email (%d tokens). Joint = the same network trained offline on the shuffled training set, "
                + "%s epochs. TF-IDF + LR = hashed unigrams + bigrams (2^20), logistic regression by AdaGrad one "
                + "example at a time on the same stream; its learning rate and L2 were picked on a validation slice "
                + "of the training stream (another 10 %% of ids by the same hash, never the held-out set): lr %s / "
                + "L2 %s on full text, lr %s / L2 %s on the first 128 tokens.",
                defaults(SpamExperiment.baseSettings()), trim(o.derAlpha()), trim(o.derBeta()),
                trim(o.oneLabelDerAlpha()), SpamExperiment.baseSettings().topK(), SpamExperiment.baseSettings().unfreezeEverySteps(),
                SpamExperiment.WINDOWS, SpamExperiment.WINDOWS * SpamExperiment.SEQ, num("spam_joint_epochs"), num("spam_tfidf_full_learning_rate"), num("spam_tfidf_full_l2"),
                num("spam_tfidf_128_learning_rate"), num("spam_tfidf_128_l2"));
        line();
        line("Held-out scores at the end of the stream (macro-F1 over every class true or predicted, scikit-learn's "
                + "definition, shared with the evaluator), right after the 2003 phase (before hard ham), the largest "
                + "fall of the 2002 or 2003 macro-F1 from one phase end to the next (end of 2002 → end of 2003 → end "
                + "of hard ham), and the prequential accuracy (each micro-batch predicted before it is trained on):");
        line();
        line("| configuration | macro-F1 (all) | macro-F1 2002 | macro-F1 2003 | spam F1 (all) | hard-ham accuracy "
                + "| after 2003: macro-F1 2002 / 2003 | largest phase-to-phase fall | prequential accuracy |");
        line("|---|---|---|---|---|---|---|---|---|");
        for (String run : order(spam)) {
            String k = "spam_" + run + "_";
            String after = n.containsKey(k + "after2003_f1_2002")
                    ? f(k + "after2003_f1_2002") + " / " + f(k + "after2003_f1_2003") : "–";
            line("| %s | %s | %s | %s | %s | %s | %s | %s | %s |", run.equals(Candidates.DEFAULT) ? "**"
                    + Charts.name(run) + "**" : Charts.name(run), f(k + "macro_f1"), f(k + "f1_2002"),
                    f(k + "f1_2003"), f(k + "spam_f1"), f(k + "hardham_accuracy"), after, f(k + "max_phase_drop"),
                    f(k + "prequential_accuracy"));
        }
        line();
        if (n.containsKey("spam_default_minus_tfidf_full_f1_2002")) {
            line("The default configuration against TF-IDF + LR on full text: %s on 2002 mail and %s on 2003 mail "
                    + "(macro-F1 points ×100; its error rate is %s× and %s× the baseline's); against TF-IDF on the "
                    + "same 128 tokens %s and %s; against joint training %s and %s. On all held-out mail, hard ham "
                    + "included, it scores macro-F1 %s (TF-IDF + LR on full text %s, joint %s) and gets %s of hard "
                    + "ham right (TF-IDF %s, joint %s).", pts("spam_default_minus_tfidf_full_f1_2002"),
                    pts("spam_default_minus_tfidf_full_f1_2003"), f2("spam_default_vs_tfidf_full_error_ratio_2002"),
                    f2("spam_default_vs_tfidf_full_error_ratio_2003"), pts("spam_default_minus_tfidf_128_f1_2002"),
                    pts("spam_default_minus_tfidf_128_f1_2003"), pts("spam_default_minus_joint_f1_2002"),
                    pts("spam_default_minus_joint_f1_2003"), f("spam_default_macro_f1"),
                    f("spam_tfidf_full_macro_f1"), f("spam_joint_macro_f1"), f("spam_default_hardham_accuracy"),
                    f("spam_tfidf_full_hardham_accuracy"), f("spam_joint_hardham_accuracy"));
            line();
        }
        images(charts, "e2e-spam");
    }

    /** The default first, the other streaming runs in their order, then joint and the baselines. */
    private static List<String> order(SpamExperiment spam) {
        List<String> out = new ArrayList<>();
        for (String run : spam.runs.keySet()) {
            if (!run.equals("joint") && !run.startsWith("tfidf")) {
                out.add(run);
            }
        }
        out.remove(Candidates.DEFAULT);
        if (spam.runs.containsKey(Candidates.DEFAULT)) {
            out.add(0, Candidates.DEFAULT);
        }
        for (String run : List.of("joint", "tfidf_full", "tfidf_128")) {
            if (spam.runs.containsKey(run)) {
                out.add(run);
            }
        }
        return out;
    }

    // ---- speed and cost ------------------------------------------------------------------------------------

    private void speed() {
        line("### Speed and cost");
        line();
        line("Measured in-process on the services' own code (trainer loop, model module), same run, same machine.");
        line();
        line("| what | value | conditions |");
        line("|---|---|---|");
        line("| trainer, as deployed (texts in, prefix computed in the step) | %s new examples/s | default settings, "
                + "%s examples |", f1("trainer_live_examples_per_s"), num("trainer_live_examples"));
        line("| trainer on cached prefixes, replay off | %s new examples/s | naive run |",
                f1("spam_naive_examples_per_s"));
        line("| trainer on cached prefixes, default settings | %s new examples/s | default run |",
                f1("spam_default_examples_per_s"));
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
        line("| MiniLM, default settings (prefix + step) | %s | %s |", f1("cost_default_cpu_s_per_1000"),
                x("cost_default_vs_tfidf"));
        line("| MiniLM, replay off (prefix + step) | %s | %s |", f1("cost_naive_cpu_s_per_1000"),
                x("cost_naive_vs_tfidf"));
        line("| MiniLM, default settings, as deployed (live prefix) | %s | %s |", f1("trainer_live_cpu_s_per_1000"),
                x("cost_live_default_vs_tfidf"));
        line("| TF-IDF + LR (full text) | %s | 1 |", f2("cost_tfidf_cpu_s_per_1000"));
        line();
        verdict();
    }

    /** What the fine-tuned model buys for its cost, in sentences that follow the numbers of this run. */
    private void verdict() {
        if (!n.containsKey("cost_default_vs_tfidf") || !n.containsKey("spam_default_minus_tfidf_full_f1_2002")) {
            return;
        }
        double d02 = get("spam_default_minus_tfidf_full_f1_2002");
        double d03 = get("spam_default_minus_tfidf_full_f1_2003");
        String quality = d02 >= 0 && d03 >= 0 ? "matches or beats the TF-IDF baseline on both periods"
                : d02 < 0 && d03 < 0 ? "stays below the TF-IDF baseline on both periods"
                : "beats the TF-IDF baseline on one period and trails it on the other";
        out.append(String.format(Locale.ROOT, "What the model buys: on SpamAssassin the default configuration %s "
                + "(%s / %s macro-F1 points on 2002 / 2003 mail; %s on all held-out mail, hard ham included) for %s "
                + "the baseline's CPU per trained example.", quality, pts("spam_default_minus_tfidf_full_f1_2002"),
                pts("spam_default_minus_tfidf_full_f1_2003"), String.format(Locale.ROOT, "%+.1f",
                        100 * (get("spam_default_macro_f1") - get("spam_tfidf_full_macro_f1"))),
                x("cost_default_vs_tfidf")));
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
        if (n.containsKey("pipeline_arrival_rate_per_s")) {
            line("That run streamed at a sustained rate (`bin/demo --rate`): %s emails/s after a warm-up, "
                    + "**%s** of the trainer's measured capacity; freshness counts the emails sent at the rate.",
                    f1("pipeline_arrival_rate_per_s"), f("pipeline_arrival_over_capacity"));
        }
        line();
    }
}
