package io.streamtune.client;

/**
 * A running subscription to a model's champion events ({@link RegistryClient#subscribe}): it reconnects by itself
 * until {@link #close()}.
 */
public interface Subscription extends AutoCloseable {

    /** Whether the event stream is open now. */
    boolean connected();

    /** The highest generation told to the listener; the starting one before any. */
    long generation();

    /** The id of the last event received, sent as {@code Last-Event-ID} on reconnect; null before any. */
    String lastEventId();

    /** Stops the stream and the reconnects; the listener is told nothing more once this returns. */
    @Override
    void close();
}
