package io.streamtune.training;

import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.training.replay.ReplayBuffer;
import io.streamtune.training.replay.ReplayItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What one training step is made of: the micro-batch's new examples, a replay sample, each row's loss weights, and
 * whether the step takes ER-ACE's asymmetric loss. Also grows the head for labels the batch brings (imprinted from
 * their examples). The rules, against the skew of real feedback streams:
 *
 * <ul>
 *   <li>the replay sample balances the step's labels (labels absent from the new examples come first), and with
 *       {@code balanceLabels} each label's rows weigh the same in total: a one-label stretch ("only ham for a day")
 *       trains against the other labels' remembered examples instead of pulling everything its way;</li>
 *   <li>ER-ACE (new examples' cross-entropy over the new examples' labels only) only in a step whose new examples
 *       hold two labels or more, one of them new to the model (not yet in the head, or under half its fair share of
 *       the buffer): it protects old classes from a new class's first gradients; a one-label step keeps the full
 *       softmax, since its masked loss would be exactly zero;</li>
 *   <li>DER++ as published (Buzzega et al., 2020): {@code mean CE(new) + α·mean MSE(sample A) + β·mean CE(sample B)}
 *       with two independent samples, A only among items that stored logits; α may be set higher for a one-label
 *       step of a label the model has long known ({@code one-label-der-alpha}).</li>
 * </ul>
 */
final class StepComposer {

    private static final Logger LOG = Logger.getLogger(StepComposer.class);

    /** Head-row updates after which a label's logits are worth storing as a DER++ target. */
    static final int SETTLED_ROW_UPDATES = 5;

    /** Head-row updates after which a one-label step of the label may hold the others harder (one-label-der-alpha). */
    static final int MATURE_ROW_UPDATES = 100;

    private final TrainingSettings settings;
    private final TrainerOptions options;

    StepComposer(TrainingSettings settings, TrainerOptions options) {
        this.settings = settings;
        this.options = options;
    }

    /** The rows of a step, new examples first (in batch order), and how many of them are replayed. */
    record Step(List<TrainingRow> rows, int replayed, boolean asymmetric) {
    }

    Step compose(List<Incoming> examples, ReplayBuffer buffer, Learner learner) {
        int n = examples.size();
        Map<String, Integer> newPerLabel = new LinkedHashMap<>();
        examples.forEach(in -> newPerLabel.merge(in.example().label(), 1, Integer::sum));
        boolean der = settings.replay() == ReplayStrategy.DER_PP;
        int r = (int) Math.round(n * settings.replayRatio());
        List<ReplayItem> replayed = options.balanceLabels()
                ? buffer.sampleBalanced(newPerLabel, r, options.evenReplayShare(), item -> true)
                : buffer.sample(r, item -> true);
        List<ReplayItem> distilled = der ? buffer.sample(r, item -> item.logits() != null) : List.of();
        boolean asymmetric = asymmetric(newPerLabel, buffer, learner);
        // a one-label stretch of a label the model has long known ("only ham for a day") may hold the other labels'
        // remembered logits harder; a label still being learnt (new, or a young head row) keeps the usual α
        String stretch = newPerLabel.size() == 1 && mature(newPerLabel.keySet().iterator().next(), buffer, learner)
                ? newPerLabel.keySet().iterator().next() : null;

        Map<String, Integer> index = labelIndex(examples, replayed, distilled, learner);
        int nce = n + replayed.size();
        int total = nce + distilled.size();
        float[] weights = new float[nce];
        int[] labels = new int[nce];
        for (int i = 0; i < nce; i++) {
            boolean fresh = i < n;
            labels[i] = index.get(fresh ? examples.get(i).example().label() : replayed.get(i - n).label());
            weights[i] = fresh || !der ? 1f : (float) options.derBeta();
        }
        if (options.balanceLabels()) {
            balance(labels, weights);
        }
        // DER++ sums the terms' means: scaled so that the new examples alone weigh as their mean
        float ceScale = der ? (float) total / n : (float) total / nce;
        List<TrainingRow> rows = new ArrayList<>(total);
        for (int i = 0; i < n; i++) {
            rows.add(TrainingRow.text(examples.get(i).example().text(), labels[i], weights[i] * ceScale)
                    .withBatchLabelsOnly(asymmetric));
        }
        for (int i = n; i < nce; i++) {
            ReplayItem item = replayed.get(i - n);
            rows.add(row(item, labels[i], weights[i] * ceScale, null, 0f));
        }
        for (ReplayItem item : distilled) {
            boolean held = stretch != null && !(options.oneLabelAlphaOnOthers() && item.label().equals(stretch));
            double alpha = held ? options.derAlpha(1) : options.derAlpha();
            rows.add(row(item, index.get(item.label()), 0f, item.logits(),
                    (float) (alpha * total / distilled.size())));
        }
        return new Step(rows, replayed.size() + distilled.size(), asymmetric);
    }

    /** The logits a new example leaves in a DER++ buffer: none during warm-up or while its head row is new. */
    float[] target(float[] logits, int label, Learner learner, long stepsDone) {
        if (settings.replay() != ReplayStrategy.DER_PP || logits == null) {
            return null;
        }
        boolean settled = stepsDone >= settings.warmupSteps() && learner.labelUpdates(label) >= SETTLED_ROW_UPDATES;
        return settled ? logits : null;
    }

    private boolean asymmetric(Map<String, Integer> newPerLabel, ReplayBuffer buffer, Learner learner) {
        if (!options.asymmetricLoss() || settings.replay() == ReplayStrategy.NONE || newPerLabel.size() < 2) {
            return false;
        }
        for (String label : newPerLabel.keySet()) {
            if (newToModel(label, buffer, learner)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A label the model has long known: not new to it, and its head row trained for {@link #MATURE_ROW_UPDATES}
     * steps or more (a class of a class-incremental stream is still being learnt over its first tasks' steps).
     */
    private static boolean mature(String label, ReplayBuffer buffer, Learner learner) {
        return !newToModel(label, buffer, learner)
                && learner.labelUpdates(learner.labels().indexOf(label)) >= MATURE_ROW_UPDATES;
    }

    /** Not yet in the head, or under half its fair share of the buffer. */
    private static boolean newToModel(String label, ReplayBuffer buffer, Learner learner) {
        if (!learner.labels().contains(label)) {
            return true;
        }
        Map<String, Integer> inBuffer = buffer.perClass();
        int known = inBuffer.size() + (inBuffer.containsKey(label) ? 0 : 1);
        double fairShare = buffer.size() / (double) known;
        return buffer.size() > 0 && inBuffer.getOrDefault(label, 0) < 0.5 * fairShare;
    }

    /**
     * Every label's index, growing the head for the batch's new labels; a new row is imprinted from the batch's
     * examples of its label, set apart from the step's other rows.
     */
    private static Map<String, Integer> labelIndex(List<Incoming> examples, List<ReplayItem> replayed,
            List<ReplayItem> distilled, Learner learner) {
        Map<String, Integer> index = new HashMap<>();
        List<String> known = learner.labels();
        for (int i = 0; i < known.size(); i++) {
            index.put(known.get(i), i);
        }
        List<String> fresh = new ArrayList<>();
        examples.forEach(in -> {
            String label = in.example().label();
            if (!index.containsKey(label) && !fresh.contains(label)) {
                fresh.add(label);
            }
        });
        for (int f = 0; f < fresh.size(); f++) {
            index.put(fresh.get(f), known.size() + f);
        }
        for (String label : fresh) {
            List<TrainingRow> of = new ArrayList<>();
            List<TrainingRow> others = new ArrayList<>();
            for (Incoming in : examples) {
                String l = in.example().label();
                (l.equals(label) ? of : others).add(TrainingRow.text(in.example().text(), index.get(l), 1f));
            }
            for (ReplayItem item : replayed) {
                others.add(row(item, index.get(item.label()), 1f, null, 0f));
            }
            LOG.infof("new label '%s' grows the head to %d labels", label, index.get(label) + 1);
            int added = learner.addLabel(label, of, others);
            if (added != index.get(label)) {
                throw new IllegalStateException("label '" + label + "' was expected at index " + index.get(label)
                        + " but the learner gave it " + added + ".");
            }
        }
        distilled.forEach(item -> index.putIfAbsent(item.label(), learner.labels().indexOf(item.label())));
        return index;
    }

    /** Scales the weights so that every label's rows weigh the same in total, the sum unchanged. */
    static void balance(int[] labels, float[] weights) {
        Map<Integer, Double> perLabel = new HashMap<>();
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            perLabel.merge(labels[i], (double) weights[i], Double::sum);
            sum += weights[i];
        }
        double share = sum / perLabel.size();
        for (int i = 0; i < labels.length; i++) {
            double of = perLabel.get(labels[i]);
            weights[i] = of == 0 ? weights[i] : (float) (weights[i] * share / of);
        }
    }

    private static TrainingRow row(ReplayItem item, int label, float labelWeight, float[] target, float logitWeight) {
        return new TrainingRow(item.features() == null ? item.text() : null, item.features(), label, labelWeight,
                target, logitWeight).asReplayed();
    }
}
