package io.streamtune.e2e.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Split-Emoji experiment's numbers for e2e.json: accuracy matrices, forgetting, and replay against naive. */
final class EmojiFigures {

    /** Forgetting below this counts as this much in the ratio (a run that forgets nothing would divide by 0). */
    static final double FLOOR = 0.001;

    private EmojiFigures() {
    }

    static Map<String, Double> numbers(EmojiExperiment emoji) {
        Map<String, Double> out = new LinkedHashMap<>(emoji.numbers);
        emoji.matrices.forEach((run, m) -> {
            String k = "emoji_" + run + "_";
            summary(out, k, m);
            out.put(k + "bwt", m.backwardTransfer());
            for (int i = 0; i < m.tasks(); i++) {
                for (int j = 0; j <= i; j++) {
                    out.put(k + "acc_after" + (i + 1) + "_task" + (j + 1), m.get(i, j));
                }
            }
            prequential(out, k, emoji.prequential.get(run));
        });
        emoji.jointAccuracy.forEach((run, acc) -> {
            double sum = 0;
            for (int j = 0; j < acc.length; j++) {
                out.put("emoji_" + run + "_acc_task" + (j + 1), acc[j]);
                sum += acc[j];
            }
            out.put("emoji_" + run + "_final_avg_accuracy", sum / acc.length);
        });
        AccuracyMatrix naive = emoji.matrices.get("naive");
        if (naive != null) {
            emoji.matrices.forEach((run, m) -> {
                if (!run.equals("naive")) {
                    // how many times less the configuration forgets than naive fine-tuning
                    out.put("emoji_forgetting_naive_over_" + run, naive.averageForgetting()
                            / Math.max(FLOOR, m.averageForgetting()));
                }
            });
        }
        return out;
    }

    /** Validation mode: each candidate's matrix on the validation slices, as {@code val_emoji_<candidate>_*}. */
    static Map<String, Double> validation(EmojiExperiment emoji) {
        Map<String, Double> out = new LinkedHashMap<>();
        emoji.numbers.forEach((k, v) -> out.put("val_" + k, v));
        emoji.matrices.forEach((run, m) -> {
            summary(out, "val_emoji_" + run + "_", m);
            for (int t = 0; t < m.tasks(); t++) {
                out.put("val_emoji_" + run + "_task" + (t + 1) + "_new_task_accuracy", m.get(t, t));
            }
            prequential(out, "val_emoji_" + run + "_", emoji.prequential.get(run));
        });
        return out;
    }

    private static void summary(Map<String, Double> out, String k, AccuracyMatrix m) {
        out.put(k + "final_avg_accuracy", m.finalAverageAccuracy());
        out.put(k + "avg_forgetting", m.averageForgetting());
        out.put(k + "min_new_task_accuracy", m.minNewTaskAccuracy());
    }

    private static void prequential(Map<String, Double> out, String k, Prequential p) {
        if (p != null) {
            out.put(k + "prequential_accuracy", p.accuracy());
        }
    }
}
