package io.streamtune.e2e.report;

import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.training.Learner;
import io.streamtune.training.TrainerOptions;
import io.streamtune.training.linear.OnlineLogisticRegression;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A measurement for a model family the product does not have yet, not a product configuration: the transformer
 * (through the trainer's loop, as {@link StreamRun}) and the TF-IDF baseline learn the same stream side by side, and
 * the hybrid predicts the label of the higher mean class probability of the two ({@link #combine}). Scored like the
 * other runs, with each half scored alone at the same points (the transformer half is the configuration's own run,
 * step for step).
 */
final class HybridRun {

    /** The runs, by name suffix: the hybrid, the transformer half, the TF-IDF half, the hybrid at other weights. */
    static final String HYBRID = "";
    static final String TRANSFORMER = "_transformer";
    static final String TFIDF = "_tfidf";
    /** The transformer's weight in the mean: {@link #HYBRID} at 0.5, the others as {@code _w<percent>}. */
    static final double[] OTHER_WEIGHTS = {0.3, 0.4, 0.6, 0.7};

    /** Every run's name suffix, in the order of {@link #predictions}. */
    static List<String> suffixes() {
        List<String> out = new ArrayList<>(List.of(HYBRID, TRANSFORMER, TFIDF));
        for (double w : OTHER_WEIGHTS) {
            out.add(weighted(w));
        }
        return out;
    }

    private static String weighted(double weight) {
        return "_w" + Math.round(weight * 100);
    }

    private final String model;
    private final LabelSet labels;
    private final Map<String, byte[]> prefixes;
    private final HeldoutSet set;
    private final String setName;

    HybridRun(String model, LabelSet labels, Map<String, byte[]> prefixes, HeldoutSet set, String setName) {
        this.model = model;
        this.labels = labels;
        this.prefixes = prefixes;
        this.set = set;
        this.setName = setName;
    }

    /** The three runs (keys {@link #HYBRID}, {@link #TRANSFORMER}, {@link #TFIDF}) over {@code schedule}. */
    Map<String, RunResult> train(String title, TrainingSettings settings, TrainerOptions options,
            ReplayedTfIdf tfidf, Schedule schedule) throws IOException {
        Map<String, List<Evaluation>> curves = new LinkedHashMap<>();
        Map<String, Map<String, Evaluation>> ends = new LinkedHashMap<>();
        Map<String, Prequential> prequential = new LinkedHashMap<>();
        for (String k : suffixes()) {
            curves.put(k, new ArrayList<>());
            ends.put(k, new LinkedHashMap<>());
            prequential.put(k, new Prequential(SpamExperiment.PREQUENTIAL_WINDOW));
        }
        List<LabelledText> scored = set.examples();
        Progress progress = Progress.start(title + " (" + Candidates.summary(settings, options) + ", with TF-IDF lr "
                + tfidf.model().learningRate() + ", L2 " + tfidf.model().l2() + ", replaying from "
                + tfidf.replayCapacity() + ")", schedule.batches().size());
        long examples = 0;
        try (StreamTrainer t = new StreamTrainer(model, labels, settings, options,
                new CachingLearnerFactory(options, prefixes))) {
            for (int i = 0; i < schedule.batches().size(); i++) {
                List<LabelledText> batch = schedule.batches().get(i);
                List<String> truth = batch.stream().map(LabelledText::label).toList();
                float[][] logits = t.learner()
                        .predictFeatures(batch.stream().map(x -> prefixes.get(x.text())).toList());
                record(prequential, truth, t.learner(), logits, batch, x -> tfidf.probabilities(x.text()));
                t.train(batch);
                tfidf.train(batch);
                examples += batch.size();
                if (schedule.evaluateAfter().contains(i)) {
                    float[][] setLogits = set.logits(t.learner());
                    Map<String, List<String>> predicted = predictions(t.learner(), setLogits, scored,
                            x -> tfidf.probabilities(x.text()));
                    String phase = schedule.phaseEnds().get(i);
                    for (String k : curves.keySet()) {
                        Evaluation e = Evaluation.of(examples, scored, predicted.get(k), LabelledText::period);
                        curves.get(k).add(e);
                        if (phase != null) {
                            ends.get(k).put(phase, e);
                        }
                    }
                    progress.at(i + 1, setName + " macro-F1 hybrid " + fmt(curves, HYBRID) + ", transformer "
                            + fmt(curves, TRANSFORMER) + ", TF-IDF " + fmt(curves, TFIDF));
                } else {
                    progress.at(i + 1, null);
                }
            }
            Map<String, RunResult> out = new LinkedHashMap<>();
            for (String k : curves.keySet()) {
                out.put(k, new RunResult(title + k, curves.get(k), ends.get(k), examples, t.replayed(),
                        t.stepSeconds(), 0, prequential.get(k)));
            }
            return out;
        }
    }

    private static void record(Map<String, Prequential> prequential, List<String> truth, Learner learner,
            float[][] logits, List<LabelledText> batch, Function<LabelledText, Map<String, Double>> tfidf) {
        predictions(learner, logits, batch, tfidf).forEach((k, p) -> prequential.get(k).record(truth, p));
    }

    /** The three predictions for {@code examples}, whose transformer logits are {@code logits}. */
    static Map<String, List<String>> predictions(Learner learner, float[][] logits,
            List<LabelledText> examples, Function<LabelledText, Map<String, Double>> tfidf) {
        List<String> labels = learner.labels();
        Map<String, List<String>> out = new LinkedHashMap<>();
        suffixes().forEach(k -> out.put(k, new ArrayList<>()));
        out.put(TRANSFORMER, StreamTrainer.argmax(logits, labels));
        for (int i = 0; i < examples.size(); i++) {
            Map<String, Double> linear = tfidf.apply(examples.get(i));
            out.get(HYBRID).add(combine(labels, logits[i], linear, 0.5));
            for (double w : OTHER_WEIGHTS) {
                out.get(weighted(w)).add(combine(labels, logits[i], linear, w));
            }
            out.get(TFIDF).add(linear.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .orElse(null));
        }
        return out;
    }

    /**
     * The label of the highest weighted mean of the transformer's softmax (over {@code labels}, the logits' order; its
     * weight {@code weight}) and the linear model's probability (0 for a label it has not seen); the transformer's
     * alone before the linear model has seen any label.
     */
    static String combine(List<String> labels, float[] logits, Map<String, Double> linear, double weight) {
        double[] z = new double[logits.length];
        for (int c = 0; c < z.length; c++) {
            z[c] = logits[c];
        }
        double[] transformer = OnlineLogisticRegression.softmax(z, null);
        String best = null;
        double bestP = -1;
        for (int c = 0; c < labels.size(); c++) {
            double p = linear.isEmpty() ? transformer[c]
                    : weight * transformer[c] + (1 - weight) * linear.getOrDefault(labels.get(c), 0.0);
            if (p > bestP) {
                bestP = p;
                best = labels.get(c);
            }
        }
        return best;
    }

    private static String fmt(Map<String, List<Evaluation>> curves, String k) {
        List<Evaluation> c = curves.get(k);
        return SpamExperiment.fmt(c.get(c.size() - 1).slice(Evaluation.ALL).macroF1());
    }
}
