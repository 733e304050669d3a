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

    /**
     * The frozen prefix's output for each text with every window run on its own: its values depend only on the text
     * (on one machine and thread count), so {@link #prefixOfTokens} computes the same bytes again from
     * {@link PrefixOutput#tokens()}; what a replay buffer keeps without storing the values.
     */
    public List<PrefixOutput> prefixAlone(List<String> texts) {
        c.requirePrefix();
        return PrefixRunner.prefixAlone(c, c.tokenizer().windows(texts));
    }

    /** {@link #prefixAlone} from each text's windows of token ids ({@link PrefixOutput#tokens()}). */
    public List<PrefixOutput> prefixOfTokens(List<long[][]> windows) {
        c.requirePrefix();
        List<List<long[]>> perText = new java.util.ArrayList<>(windows.size());
        for (long[][] w : windows) {
            if (w == null || w.length == 0) {
                throw new IllegalArgumentException("a text has at least one window of token ids.");
            }
            for (long[] ids : w) {
                int max = c.config().tokenizer().maxLength();
                if (ids.length < 1 || ids.length > max) {
                    throw new IllegalArgumentException("a window of " + ids.length + " token ids; this classifier reads"
                            + " 1 to " + max + ".");
                }
                for (long id : ids) {
                    if (id < 0 || id >= c.encoderConfig().vocabSize()) {
                        throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of "
                                + c.encoderConfig().vocabSize() + ".");
                    }
                }
            }
            perText.add(List.of(w));
        }
        return PrefixRunner.prefixAlone(c, perText);
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
