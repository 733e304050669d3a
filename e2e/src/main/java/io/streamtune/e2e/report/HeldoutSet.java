package io.streamtune.e2e.report;

import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.training.Learner;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The held-out examples of a corpus, every one with a cached prefix: what the evaluator service keeps per snapshot.
 * Scoring a report learner's state costs only the trainable top (and a linear half), as it does in the evaluator.
 */
final class HeldoutSet {

    private static final int CHUNK = 64;

    private final List<LabelledText> examples;
    private final List<String> texts;
    private final Function<LabelledText, String> slice;
    private double seconds;
    private long scored;

    HeldoutSet(List<LabelledText> examples, Map<String, byte[]> prefixes, Function<LabelledText, String> slice) {
        this.examples = List.copyOf(examples);
        for (LabelledText e : examples) {
            if (!prefixes.containsKey(e.text())) {
                throw new IllegalArgumentException("no cached prefix for held-out example " + e.id());
            }
        }
        this.texts = examples.stream().map(LabelledText::text).toList();
        this.slice = slice;
    }

    List<LabelledText> examples() {
        return examples;
    }

    /** The learner's predictions (argmax over its labels) for every held-out example. */
    List<String> predict(Learner learner) {
        return StreamTrainer.argmax(logits(learner), learner.labels());
    }

    /** The learner's logits (over its labels, in their order) for every held-out example. */
    float[][] logits(Learner learner) {
        long t0 = System.nanoTime();
        float[][] out = new float[examples.size()][];
        for (int i = 0; i < texts.size(); i += CHUNK) {
            float[][] logits = learner.predict(texts.subList(i, Math.min(i + CHUNK, texts.size())));
            System.arraycopy(logits, 0, out, i, logits.length);
        }
        seconds += (System.nanoTime() - t0) / 1e9;
        scored += examples.size();
        return out;
    }

    Evaluation evaluate(Learner learner, long examplesTrained) {
        return Evaluation.of(examplesTrained, examples, predict(learner), slice);
    }

    /** Wall seconds spent scoring so far, and examples scored. */
    double seconds() {
        return seconds;
    }

    long scored() {
        return scored;
    }
}
