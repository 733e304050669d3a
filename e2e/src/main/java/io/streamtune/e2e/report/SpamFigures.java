package io.streamtune.e2e.report;

import io.streamtune.e2e.corpus.SpamAssassinCorpus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SpamAssassin experiment's numbers for e2e.json (and e2e-validation.json), flat, with the default's ratios. */
final class SpamFigures {

    /** The periods whose macro-F1 may not fall from one phase end to the next ({@code max_phase_drop}). */
    static final List<String> KEPT_PERIODS = List.of("2002", "2003");

    private SpamFigures() {
    }

    static Map<String, Double> numbers(SpamExperiment spam) {
        Map<String, Double> out = new LinkedHashMap<>(spam.numbers);
        spam.runs.forEach((name, r) -> {
            String k = "spam_" + name + "_";
            scores(out, k, r.last());
            Evaluation after2003 = r.atPhaseEnd().get("2003");
            if (after2003 != null) {
                scores(out, k + "after2003_", after2003);
            }
            out.put(k + "f1_2002_drop", drop(r, "2002"));
            out.put(k + "f1_2003_drop", drop(r, "2003"));
            out.put(k + "max_phase_drop", maxPhaseDrop(r));
            if (r.prequential() != null) {
                out.put(k + "prequential_accuracy", r.prequential().accuracy());
            }
            out.put(k + "examples_per_s", r.examplesPerSecond());
            out.put(k + "cpu_s_per_1000", r.cpuSecondsPer1000());
            if (r.replayed() > 0) {
                out.put(k + "replayed_rows", (double) r.replayed());
            }
        });
        RunResult def = spam.runs.get(Candidates.DEFAULT);
        if (def != null) {
            for (String ref : List.of("tfidf_full", "tfidf_128", "joint")) {
                if (!spam.runs.containsKey(ref)) {
                    continue;
                }
                for (String slice : KEPT_PERIODS) {
                    double m = def.last().slice(slice).macroF1();
                    double b = spam.runs.get(ref).last().slice(slice).macroF1();
                    out.put("spam_default_minus_" + ref + "_f1_" + slice, m - b);
                    out.put("spam_default_vs_" + ref + "_error_ratio_" + slice, (1 - m) / Math.max(1e-9, 1 - b));
                }
            }
        }
        HeldoutSet set = spam.heldoutSet();
        if (set != null && set.scored() > 0) {
            double cachedMsPerExample = 1000 * set.seconds() / set.scored();
            out.put("eval_cached_ms_per_example", cachedMsPerExample);
            out.put("eval_cached_heldout_s", cachedMsPerExample * spam.heldout.size() / 1000);
            Double encode = spam.numbers.get("spam_prefix_encode_examples_per_s");
            if (encode != null) {
                out.put("eval_text_ms_per_example", cachedMsPerExample + 1000 / encode);
            }
        }
        cost(out, spam);
        return out;
    }

    /** Validation mode: each candidate's scores on the validation slice, as {@code val_spam_<candidate>_*}. */
    static Map<String, Double> validation(SpamExperiment spam) {
        Map<String, Double> out = new LinkedHashMap<>();
        spam.numbers.forEach((k, v) -> out.put("val_" + k, v));
        spam.runs.forEach((name, r) -> {
            String k = "val_spam_" + name + "_";
            scores(out, k, r.last());
            out.put(k + "max_phase_drop", maxPhaseDrop(r));
            // each kept period at each phase end: where a phase-to-phase fall happens
            r.atPhaseEnd().forEach((phase, e) -> KEPT_PERIODS.stream().filter(e.slices()::containsKey)
                    .forEach(period -> out.put(k + "after_" + phase.replace('-', '_') + "_f1_" + period,
                            e.slice(period).macroF1())));
            out.put(k + "prequential_accuracy", r.prequential().accuracy());
        });
        return out;
    }

    private static void scores(Map<String, Double> out, String k, Evaluation e) {
        for (String period : KEPT_PERIODS) {
            if (e.slices().containsKey(period)) {
                out.put(k + "f1_" + period, e.slice(period).macroF1());
            }
        }
        out.put(k + "macro_f1", e.slice(Evaluation.ALL).macroF1());
        out.put(k + "spam_f1", e.slice(Evaluation.ALL).f1("spam"));
        out.put(k + "accuracy", e.slice(Evaluation.ALL).accuracy());
        if (e.slices().containsKey("hard-ham")) {
            out.put(k + "hardham_accuracy", e.slice("hard-ham").accuracy());
        }
    }

    /** Best macro-F1 a slice ever had during the run minus its final macro-F1 (0 when it never fell). */
    static double drop(RunResult r, String slice) {
        double best = Double.NEGATIVE_INFINITY;
        for (Evaluation e : r.curve()) {
            if (e.slices().containsKey(slice)) {
                best = Math.max(best, e.slice(slice).macroF1());
            }
        }
        Evaluation last = r.last();
        return last.slices().containsKey(slice) ? best - last.slice(slice).macroF1() : Double.NaN;
    }

    /** {@link #maxPhaseDrop(List)} over the run's scores at the ends of the stream's phases; NaN for joint. */
    static double maxPhaseDrop(RunResult r) {
        List<Map<String, Double>> ends = new ArrayList<>();
        for (SpamAssassinCorpus.Phase phase : SpamAssassinCorpus.PHASES) {
            Evaluation e = r.atPhaseEnd().get(phase.name());
            if (e != null) {
                Map<String, Double> f1 = new LinkedHashMap<>();
                for (String period : KEPT_PERIODS) {
                    if (e.slices().containsKey(period)) {
                        f1.put(period, e.slice(period).macroF1());
                    }
                }
                ends.add(f1);
            }
        }
        return maxPhaseDrop(ends);
    }

    /**
     * The largest fall of any period's macro-F1 from one phase end to the next (end of 2002 → end of 2003 → end of
     * hard ham), 0 when none fell; NaN with fewer than two phase ends.
     *
     * @param atPhaseEnds per phase end in stream order, period → macro-F1 of its held-out mail
     */
    static double maxPhaseDrop(List<Map<String, Double>> atPhaseEnds) {
        if (atPhaseEnds.size() < 2) {
            return Double.NaN;
        }
        double max = 0;
        for (int i = 1; i < atPhaseEnds.size(); i++) {
            for (Map.Entry<String, Double> before : atPhaseEnds.get(i - 1).entrySet()) {
                Double after = atPhaseEnds.get(i).get(before.getKey());
                if (after != null) {
                    max = Math.max(max, before.getValue() - after);
                }
            }
        }
        return max;
    }

    /**
     * CPU-seconds per 1,000 trained examples. The model as the trainer runs it pays the frozen prefix of each new
     * text plus the top's step (on its replayed rows too); the cached runs leave the prefix out, so it is added back.
     */
    private static void cost(Map<String, Double> out, SpamExperiment spam) {
        Double encode = spam.numbers.get("spam_prefix_encode_cpu_s_per_1000");
        RunResult tfidf = spam.runs.get("tfidf_full");
        if (encode == null || tfidf == null) {
            return;
        }
        double baseline = tfidf.cpuSecondsPer1000();
        out.put("cost_tfidf_cpu_s_per_1000", baseline);
        for (String run : Candidates.SPAM_REPORT) {
            RunResult r = spam.runs.get(run);
            if (r != null) {
                double model = encode + r.cpuSecondsPer1000();
                out.put("cost_" + run + "_cpu_s_per_1000", model);
                out.put("cost_" + run + "_vs_tfidf", model / baseline);
            }
        }
        Double live = spam.numbers.get("trainer_live_cpu_s_per_1000");
        if (live != null) {
            out.put("cost_live_default_vs_tfidf", live / baseline);
        }
    }
}
