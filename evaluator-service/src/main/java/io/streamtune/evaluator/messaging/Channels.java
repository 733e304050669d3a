package io.streamtune.evaluator.messaging;

/** Channel names of application.properties, in one place. */
public final class Channels {

    /** Every model's {@code streamtune.<model>.heldout} topic, by pattern. */
    public static final String HELDOUT = "heldout";
    /** {@code streamtune.checkpoints}. */
    public static final String CHECKPOINTS = "checkpoints";
    /** {@code streamtune.evaluations}. */
    public static final String EVALUATIONS = "evaluations";
    /** {@code streamtune.monitoring}. */
    public static final String MONITORING = "monitoring";
    /** The consumer named in the headers of the dead letters this service writes. */
    public static final String CONSUMER = "evaluator-service";

    public static final String HELDOUT_REBALANCE = "heldout-rebalance";

    private Channels() {
    }
}
