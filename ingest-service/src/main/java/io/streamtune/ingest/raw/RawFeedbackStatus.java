package io.streamtune.ingest.raw;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What the raw feedback consumer is doing, for readiness and the lag gauges; written by its thread, read by others. */
public final class RawFeedbackStatus {

    /** Where the consumer is in its life. */
    public enum State { DISABLED, WAITING_FOR_SPECS, STARTING, RUNNING, RECOVERING, STOPPED }

    private volatile State state = State.STARTING;
    private volatile long lastPollNanos;
    private volatile int assignedPartitions;
    private volatile String lastError;
    private final Map<String, Long> lagByModel = new ConcurrentHashMap<>();

    void state(State s) {
        this.state = s;
    }

    void polled(int partitions, Map<String, Long> lag) {
        this.lastPollNanos = System.nanoTime();
        this.assignedPartitions = partitions;
        lagByModel.keySet().retainAll(lag.keySet());
        lagByModel.putAll(lag);
        this.state = State.RUNNING;
    }

    void failed(Throwable e) {
        this.lastError = e.toString();
        this.state = State.RECOVERING;
    }

    public State state() {
        return state;
    }

    /** Running, and its last poll returned within {@code within}: the loop is not stuck. */
    public boolean healthy(Duration within) {
        return state == State.DISABLED
                || state == State.RUNNING && System.nanoTime() - lastPollNanos < within.toNanos();
    }

    public int assignedPartitions() {
        return assignedPartitions;
    }

    public String lastError() {
        return lastError;
    }

    /** Records not yet consumed on the model's raw partitions assigned here (0 when none is). */
    public double lag(String model) {
        return lagByModel.getOrDefault(model, 0L);
    }
}
