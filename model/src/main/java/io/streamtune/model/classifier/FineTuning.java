package io.streamtune.model.classifier;

import java.util.Locale;

/**
 * A fine-tune mode with its k (layers trained in {@link FineTuneMode#TOP_K}). Written as
 * {@code head}, {@code top-2}, {@code full} in configuration and checkpoints.
 */
public record FineTuning(FineTuneMode mode, int k) {

    public FineTuning {
        if (mode == FineTuneMode.TOP_K && k < 1) {
            throw new IllegalArgumentException("top-k fine-tuning needs k >= 1 but k was " + k + ".");
        }
        if (mode != FineTuneMode.TOP_K) {
            k = 0;
        }
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

    /** Parses {@code head}, {@code top-<k>} or {@code full}. */
    public static FineTuning parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("head")) {
            return head();
        }
        if (v.equals("full")) {
            return full();
        }
        if (v.startsWith("top-")) {
            try {
                return topK(Integer.parseInt(v.substring(4)));
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException(
                "fine-tuning must be 'head', 'top-<k>' or 'full' but was '" + value + "'.");
    }

    /**
     * Encoder layers in the frozen prefix of a {@code numLayers} encoder: all of them for head,
     * all but k for top-k, and -1 for full (not even the embeddings are frozen).
     */
    public int frozenLayers(int numLayers) {
        return switch (mode) {
            case HEAD -> numLayers;
            case TOP_K -> {
                if (k > numLayers) {
                    throw new IllegalArgumentException(
                            "top-" + k + " asks for more layers than the encoder's " + numLayers + ".");
                }
                yield numLayers - k;
            }
            case FULL -> -1;
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
            case FULL -> "full";
        };
    }
}
