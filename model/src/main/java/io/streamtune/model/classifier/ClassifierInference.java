package io.streamtune.model.classifier;

import ai.djl.ndarray.NDManager;
import io.streamtune.model.ModelRuntime;
import io.streamtune.model.encoder.HostTensor;
import java.util.List;

/**
 * A {@link Classifier}'s inference, with grad mode off on the calling thread: windows sorted by length and padded per
 * chunk; a text longer than one window is read as several windows whose logits are averaged. In head and top-k modes
 * {@code top(prefix(x))} equals {@code predict(x)}: the frozen prefix never changes, so its output can be cached per
 * text.
 */
public final class ClassifierInference {

    private final Classifier c;

    ClassifierInference(Classifier c) {
        this.c = c;
    }

    /** Logits [texts][labels]; a long text's windows are averaged. */
    public float[][] predict(List<String> texts) {
        Windows w = Windows.of(c.tokenizer().windows(texts));
        float[][] rows = c.windowRows(w.flat(), (ps, batch) -> c.headOf(c.pooled(ps, batch, false), ps, false));
        return w.average(rows);
    }

    /** Softmax of {@link #predict}. */
    public float[][] probabilities(List<String> texts) {
        float[][] logits = predict(texts);
        for (float[] row : logits) {
            softmaxInPlace(row);
        }
        return logits;
    }

    /** The mean-pooled last hidden state [texts][hidden], averaged over a text's windows. */
    public float[][] embed(List<String> texts) {
        Windows w = Windows.of(c.tokenizer().windows(texts));
        return w.average(c.windowRows(w.flat(), (ps, batch) -> c.pooled(ps, batch, false)));
    }

    /** The frozen prefix's output for each text, for caching (head and top-k modes). */
    public List<PrefixOutput> prefix(List<String> texts) {
        c.requirePrefix();
        return PrefixRunner.prefix(c, c.tokenizer().windows(texts));
    }

    /** Logits [outputs][labels] of the trainable top run on cached prefix outputs. */
    public float[][] top(List<PrefixOutput> outputs) {
        ModelRuntime.noGradOnThisThread();
        try (NDManager sub = c.manager().newSubManager()) {
            return HostTensor.of(c.topLogits(outputs, sub, false)).rows();
        }
    }

    /** A row of logits into probabilities, in place (max-shifted, so large logits do not overflow). */
    public static void softmaxInPlace(float[] row) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) Math.exp(row[i] - max);
            sum += row[i];
        }
        for (int i = 0; i < row.length; i++) {
            row[i] /= (float) sum;
        }
    }
}
