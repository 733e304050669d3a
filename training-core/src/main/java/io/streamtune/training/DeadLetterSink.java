package io.streamtune.training;

/** Where poison records go: {@code streamtune.dlq}, with the reason. */
public interface DeadLetterSink {

    void send(String model, Incoming poison);

    /** Blocks until every record sent so far is acknowledged, or throws: a checkpoint moves past them only then. */
    void flush();

    DeadLetterSink NONE = new DeadLetterSink() {
        @Override
        public void send(String model, Incoming poison) {
        }

        @Override
        public void flush() {
        }
    };
}
