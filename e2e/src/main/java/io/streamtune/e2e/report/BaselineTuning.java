package io.streamtune.e2e.report;

import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.model.metrics.ClassificationScores;
import java.util.List;
import java.util.function.Function;

/**
 * Chooses the baseline's learning rate and L2 weight honestly: each candidate learns the training stream minus a
 * validation slice (another 10 % of ids by the same hash, never the held-out set) and is scored on that slice at the
 * end of the stream; the best macro-F1 wins, the smaller learning rate on a tie.
 */
final class BaselineTuning {

    static final double[] LEARNING_RATES = {0.02, 0.05, 0.1, 0.2, 0.5, 1.0};
    static final double[] L2 = {0, 1e-6};

    private BaselineTuning() {
    }

    static TfIdfBaseline choose(String name, List<LabelledText> train, Function<String, String> view,
            int heldoutPercent, String model) {
        ValidationSlice slice = ValidationSlice.of(train, model, heldoutPercent);
        List<LabelledText> fit = slice.fit();
        List<LabelledText> validation = slice.validation();
        List<String> truth = validation.stream().map(LabelledText::label).toList();
        List<String> texts = validation.stream().map(t -> view.apply(t.text())).toList();
        TfIdfBaseline best = null;
        double bestScore = -1;
        Progress progress = Progress.start(name + ": choosing learning rate and L2 on a validation slice of "
                + validation.size() + " training examples", LEARNING_RATES.length * L2.length);
        int done = 0;
        for (double lr : LEARNING_RATES) {
            for (double l2 : L2) {
                TfIdfBaseline b = new TfIdfBaseline(lr, l2);
                for (LabelledText t : fit) {
                    b.train(view.apply(t.text()), t.label());
                }
                double score = ClassificationScores.of(truth, b.predict(texts)).macroF1();
                if (score > bestScore) {
                    best = b;
                    bestScore = score;
                }
                progress.at(++done, String.format(java.util.Locale.ROOT, "lr %s l2 %s: validation macro-F1 %.4f",
                        lr, l2, score));
            }
        }
        Progress.say("%s: chose lr %s, l2 %s (validation macro-F1 %.4f)", name, best.learningRate(), best.l2(),
                bestScore);
        return best;
    }
}
