package io.streamtune.registry.messaging;

/** Channel names, as in application.properties ({@code mp.messaging.*.<channel>.*}). */
public final class Channels {

    /** In: {@code streamtune.evaluations}, in the shared group: the partition owner decides for its models. */
    public static final String EVALUATIONS = "evaluations";
    /** Out: {@code streamtune.promotions}. */
    public static final String PROMOTIONS = "promotions";
    /** In: {@code streamtune.promotions} again, in a group of this instance's own, feeding server-sent events. */
    public static final String PROMOTIONS_FEED = "promotions-feed";
    /** In: {@code streamtune.checkpoints}, in a group of this instance's own, feeding the live trainer stats. */
    public static final String CHECKPOINTS_FEED = "checkpoints-feed";
    /** In: {@code streamtune.monitoring}, the evaluator's rolling scores, in a shared group: automatic rollback. */
    public static final String MONITORING = "monitoring";
    /** Out: the compacted {@code streamtune.quarantines}. */
    public static final String QUARANTINES = "quarantines";
    /** Out: the compacted {@code streamtune.models}. */
    public static final String MODELS = "models";

    private Channels() {
    }
}
