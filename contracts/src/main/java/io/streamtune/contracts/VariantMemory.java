package io.streamtune.contracts;

import java.util.Locale;

/**
 * What a variant's training loop holds in memory beyond the frozen encoder (which every transformer variant of a
 * trainer shares), estimated from its settings, so a spec with more variants than the trainers' memory can hold is
 * refused when it is defined rather than failing at its first batches. An estimate, sized for the default encoder
 * (all-MiniLM-L6-v2: 6 layers of 384 wide, 1,536 feed-forward); a larger encoder needs a larger budget.
 *
 * <ul>
 *   <li>transformer: the trained parameters (the top {@code topK} layers, all 6 in {@code full} mode, none in
 *       {@code head} mode, plus the head) × 16 bytes (fp32 weights, gradients, two AdamW moments), plus the replay
 *       buffer's cached frozen-prefix outputs (fp16, {@code maxSeqLength × maxWindows × 384} per example at most;
 *       one pooled row per window in {@code head} mode; none in {@code full} mode, which replays texts);</li>
 *   <li>linear: {@code 2^bits} × (8 bytes per class: weights and AdaGrad state, + 4 bytes of document frequency).</li>
 * </ul>
 */
public final class VariantMemory {

    /** Parameters of one MiniLM layer: attention 4 × 384² + feed-forward 2 × 384 × 1,536, biases and norms. */
    static final long LAYER_PARAMETERS = 4L * 384 * 384 + 2L * 384 * 1536 + 9L * 384 + 1536;
    static final int LAYERS = 6;
    static final int HIDDEN = 384;

    private VariantMemory() {
    }

    /** Bytes of one variant of {@code spec}, its labels counted as the spec's known ones (at least 2). */
    public static long bytes(ModelSpec spec, Variant variant) {
        long labels = Math.max(2, spec.labels().values().size());
        if (variant.family() == ModelFamily.LINEAR) {
            return (1L << variant.linear().bits()) * (labels * 8 + 4);
        }
        TrainingSettings s = variant.settings(spec.training());
        int layers = switch (s.fineTuneMode()) {
            case HEAD -> 0;
            case FULL -> LAYERS;
            default -> Math.min(LAYERS, s.topK());
        };
        long trained = layers * LAYER_PARAMETERS + labels * (HIDDEN + 1);
        // full mode replays texts; head mode caches the pooled output (one row per window), top-k every token's
        long rows = layers == LAYERS || s.replay() == ReplayStrategy.NONE ? 0
                : layers == 0 ? s.maxWindows() : (long) s.maxSeqLength() * s.maxWindows();
        long replay = s.replayCapacity() * rows * HIDDEN * 2;
        return trained * 16 + replay;
    }

    /** Bytes of every variant of {@code spec}, the primary's included. */
    public static long bytes(ModelSpec spec) {
        return spec.allVariants().stream().mapToLong(v -> bytes(spec, v)).sum();
    }

    /**
     * Refuses a spec whose variants need more than {@code budgetBytes}, naming each variant's share.
     *
     * @throws ContractViolationException on field {@code variants}
     */
    public static void check(ModelSpec spec, long budgetBytes) {
        long total = bytes(spec);
        if (total <= budgetBytes) {
            return;
        }
        StringBuilder each = new StringBuilder();
        for (Variant v : spec.allVariants()) {
            each.append(each.length() == 0 ? "" : ", ").append(v.name()).append(' ').append(mb(bytes(spec, v)));
        }
        throw new ContractViolationException("variants", "need about " + mb(total) + " of trainer memory (" + each
                + "), more than the " + mb(budgetBytes) + " a model may use; drop a challenger, lower its "
                + "replayCapacity or topK, or raise the budget");
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
