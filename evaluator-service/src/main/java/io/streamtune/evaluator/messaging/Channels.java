package io.streamtune.evaluator.messaging;

/** Channel names of application.properties, in one place. */
public final class Channels {

    /** Every model's {@code streamtune.<model>.heldout} topic, by pattern. */
    public static final String HELDOUT = "heldout";
    /** {@code streamtune.checkpoints}. */
    public static final String CHECKPOINTS = "checkpoints";
    /** {@code streamtune.models}, compacted, read from the beginning. */
    public static final String MODELS = "models";
    /** {@code streamtune.evaluations}. */
    public static final String EVALUATIONS = "evaluations";
    /** {@code streamtune.dlq}. */
    public static final String DLQ = "dlq";

    public static final String HELDOUT_REBALANCE = "heldout-rebalance";
    public static final String MODELS_REBALANCE = "models-rebalance";

    private Channels() {
    }
}
