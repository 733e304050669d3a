package io.streamtune.ingest.examples;

/** A request holding more examples than the batch limit (answered 413). */
public class BatchTooLargeException extends Exception {

    private final int limit;

    public BatchTooLargeException(int limit) {
        super("the batch holds more than " + limit + " examples; send at most " + limit + " per request");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
