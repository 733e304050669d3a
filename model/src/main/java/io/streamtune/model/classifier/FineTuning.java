package io.streamtune.model.classifier;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fine-tune mode with its k (layers trained in {@link FineTuneMode#TOP_K}, or at most in {@link FineTuneMode#GRADUAL})
 * and, for gradual unfreezing, the steps between two layers joining. Written as {@code head}, {@code top-2},
 * {@code gradual-2-every-50}, {@code full} in configuration and checkpoints.
 */
public record FineTuning(FineTuneMode mode, int k, int every) {

    private static final Pattern GRADUAL = Pattern.compile("gradual-(\\d+)-every-(\\d+)");

    public FineTuning {
        if ((mode == FineTuneMode.TOP_K || mode == FineTuneMode.GRADUAL) && k < 1) {
            throw new IllegalArgumentException(mode + " fine-tuning needs k >= 1 but k was " + k + ".");
        }
        if (mode == FineTuneMode.GRADUAL && every < 1) {
            throw new IllegalArgumentException("gradual unfreezing needs a layer every n >= 1 steps but n was "
                    + every + ".");
        }
        if (mode != FineTuneMode.TOP_K && mode != FineTuneMode.GRADUAL) {
            k = 0;
        }
        if (mode != FineTuneMode.GRADUAL) {
            every = 0;
        }
    }

    public FineTuning(FineTuneMode mode, int k) {
        this(mode, k, 0);
    }

    public static FineTuning head() {
        return new FineTuning(FineTuneMode.HEAD, 0);
    }

    public static FineTuning topK(int k) {
        return new FineTuning(FineTuneMode.TOP_K, k);
    }

    public static FineTuning full() {
        return new FineTuning(FineTuneMode.FULL, 0);
    }

    /** The head alone first, then one more of the top {@code k} layers every {@code every} steps. */
    public static FineTuning gradual(int k, int every) {
        return new FineTuning(FineTuneMode.GRADUAL, k, every);
    }

    /** Parses {@code head}, {@code top-<k>}, {@code gradual-<k>-every-<n>} or {@code full}. */
    public static FineTuning parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("head")) {
            return head();
        }
        if (v.equals("full")) {
            return full();
        }
        Matcher gradual = GRADUAL.matcher(v);
        if (gradual.matches()) {
            return gradual(Integer.parseInt(gradual.group(1)), Integer.parseInt(gradual.group(2)));
        }
        if (v.startsWith("top-")) {
            try {
                return topK(Integer.parseInt(v.substring(4)));
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException(
                "fine-tuning must be 'head', 'top-<k>', 'gradual-<k>-every-<n>' or 'full' but was '" + value + "'.");
    }

    /**
     * Encoder layers in the frozen prefix of a {@code numLayers} encoder: all of them for head,
     * all but k for top-k and gradual, and -1 for full (not even the embeddings are frozen).
     */
    public int frozenLayers(int numLayers) {
        return switch (mode) {
            case HEAD -> numLayers;
            case TOP_K, GRADUAL -> {
                if (k > numLayers) {
                    throw new IllegalArgumentException(
                            toString() + " asks for more layers than the encoder's " + numLayers + ".");
                }
                yield numLayers - k;
            }
            case FULL -> -1;
        };
    }

    /**
     * Encoder layers above the frozen prefix that train at the step after {@code stepsDone} steps: k for top-k, 0
     * for head, and for gradual unfreezing one more every {@code every} steps, up to k (the rest of the top stays
     * frozen but is still run, so a prefix cache serves every stage).
     */
    public int trainedLayers(long stepsDone) {
        return switch (mode) {
            case HEAD, FULL -> 0;
            case TOP_K -> k;
            case GRADUAL -> (int) Math.min(k, stepsDone / every);
        };
    }

    /** Whether a frozen prefix exists, so its output can be cached. */
    public boolean hasFrozenPrefix() {
        return mode != FineTuneMode.FULL;
    }

    @Override
    public String toString() {
        return switch (mode) {
            case HEAD -> "head";
            case TOP_K -> "top-" + k;
            case GRADUAL -> "gradual-" + k + "-every-" + every;
            case FULL -> "full";
        };
    }
}
