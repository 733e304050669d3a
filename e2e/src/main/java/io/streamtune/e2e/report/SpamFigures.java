package io.streamtune.e2e.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SpamAssassin experiment's numbers for e2e.json, flat, with the model-vs-baseline ratios. */
final class SpamFigures {

    static final List<String> STREAM_RUNS = List.of("naive", "reservoir", "derpp", "reservoir_ace");

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
            out.put(k + "examples_per_s", r.examplesPerSecond());
            out.put(k + "cpu_s_per_1000", r.cpuSecondsPer1000());
            if (r.replayed() > 0) {
                out.put(k + "replayed_rows", (double) r.replayed());
            }
        });
        String best = best(spam);
        if (best != null && spam.runs.containsKey("tfidf_full")) {
            out.put("spam_best_is_" + best, 1.0);
            for (String ref : List.of("tfidf_full", "tfidf_128", "joint")) {
                if (!spam.runs.containsKey(ref)) {
                    continue;
                }
                for (String slice : List.of("2002", "2003")) {
                    double m = spam.runs.get(best).last().slice(slice).macroF1();
                    double b = spam.runs.get(ref).last().slice(slice).macroF1();
                    out.put("spam_best_minus_" + ref + "_f1_" + slice, m - b);
                    out.put("spam_best_vs_" + ref + "_error_ratio_" + slice, (1 - m) / Math.max(1e-9, 1 - b));
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

    private static void scores(Map<String, Double> out, String k, Evaluation e) {
        if (e.slices().containsKey("2002")) {
            out.put(k + "f1_2002", e.slice("2002").macroF1());
        }
        if (e.slices().containsKey("2003")) {
            out.put(k + "f1_2003", e.slice("2003").macroF1());
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

    /** The stream configuration with the best final macro-F1 over the whole held-out set. */
    static String best(SpamExperiment spam) {
        String best = null;
        double score = -1;
        for (String run : STREAM_RUNS) {
            RunResult r = spam.runs.get(run);
            if (r != null && r.last().slice(Evaluation.ALL).macroF1() > score) {
                best = run;
                score = r.last().slice(Evaluation.ALL).macroF1();
            }
        }
        return best;
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
        for (String run : STREAM_RUNS) {
            RunResult r = spam.runs.get(run);
            if (r != null) {
                double model = encode + r.cpuSecondsPer1000();
                out.put("cost_" + run + "_cpu_s_per_1000", model);
                out.put("cost_" + run + "_vs_tfidf", model / baseline);
            }
        }
        Double live = spam.numbers.get("trainer_live_cpu_s_per_1000");
        if (live != null) {
            out.put("cost_live_reservoir_vs_tfidf", live / baseline);
        }
    }
}
