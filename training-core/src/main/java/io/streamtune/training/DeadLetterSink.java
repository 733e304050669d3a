package io.streamtune.training;

/**
 * Where poison records go: {@code streamtune.dlq}, with the reason; and the examples of quarantined sources:
 * {@code streamtune.<model>.quarantine}.
 */
public interface DeadLetterSink {

    void send(String model, Incoming poison);

    /** Keeps an example of a quarantined source instead of training on it; {@link #flush()} covers it too. */
    default void quarantine(String model, Incoming example) {
        throw new UnsupportedOperationException("this sink cannot keep quarantined examples");
    }

    /** Blocks until every record sent so far is acknowledged, or throws: a checkpoint moves past them only then. */
    void flush();

    DeadLetterSink NONE = new DeadLetterSink() {
        @Override
        public void send(String model, Incoming poison) {
        }

        @Override
        public void quarantine(String model, Incoming example) {
        }

        @Override
        public void flush() {
        }
    };
}
