package io.streamtune.client;

/**
 * Told of a model's champion states and moves by a {@link Subscription}: each generation at most once and never a
 * generation lower than one already told, across reconnects. Called on the subscription's reader thread, one event at
 * a time; a slow listener holds the stream back (hand long work to another thread, as {@link Predictor} does).
 */
@FunctionalInterface
public interface ChampionListener {

    /** A champion state (on connect) or move newer than every one told before. */
    void onChampion(ChampionEvent event);

    /**
     * The stream broke or could not be opened; the subscription reconnects by itself after {@code retryIn}. Default:
     * nothing.
     */
    default void onDisconnected(Throwable cause, java.time.Duration retryIn) {}
}
