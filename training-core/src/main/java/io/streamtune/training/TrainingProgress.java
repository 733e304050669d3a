package io.streamtune.training;

import io.streamtune.contracts.ReplaySummary;
import java.time.Instant;
import java.util.Map;

/**
 * What one model's loop has done so far: written by the training thread, read by {@link ModelTrainer#status()} from
 * any thread (hence volatile), and saved in each checkpoint's {@link CheckpointState}.
 */
final class TrainingProgress {

    private volatile TrainerStatus.State state = TrainerStatus.State.LOADING;
    private volatile long step;
    private volatile long examplesSeen;
    private volatile long skippedBatches;
    private volatile long rollbacks;
    private volatile long deadLettered;
    private volatile long duplicates;
    private volatile double lastLoss = Double.NaN;
    private volatile ReplaySummary replay;
    private volatile Map<Integer, Long> positions = Map.of();
    private volatile long stepNanos;
    private volatile io.streamtune.contracts.TrainingCost cost = io.streamtune.contracts.TrainingCost.NONE;
    private volatile String lastError;
    private Instant maxEventTime; // training thread only

    TrainerStatus.State state() {
        return state;
    }

    void state(TrainerStatus.State value) {
        state = value;
    }

    long step() {
        return step;
    }

    long examplesSeen() {
        return examplesSeen;
    }

    long skippedBatches() {
        return skippedBatches;
    }

    long rollbacks() {
        return rollbacks;
    }

    long deadLettered() {
        return deadLettered;
    }

    long duplicates() {
        return duplicates;
    }

    double lastLoss() {
        return lastLoss;
    }

    ReplaySummary replay() {
        return replay;
    }

    void replay(ReplaySummary value) {
        replay = value;
    }

    Map<Integer, Long> positions() {
        return positions;
    }

    void positions(Map<Integer, Long> value) {
        positions = value;
    }

    long stepNanos() {
        return stepNanos;
    }

    String lastError() {
        return lastError;
    }

    void error(String value) {
        lastError = value;
    }

    Instant maxEventTime() {
        return maxEventTime;
    }

    /** A step that was applied; the step's time counts whether applied or not ({@link #timed}). */
    void trained(int examples, double loss) {
        step++;
        examplesSeen += examples;
        lastLoss = loss;
    }

    /** A step's CPU time, and the new examples it trained (0 when it was skipped: the CPU was spent all the same). */
    void spent(long cpuNanos, int examples) {
        cost = cost.plus(Math.max(0, cpuNanos) / 1e9, 0, examples);
    }

    /** What training the lineage has cost, its checkpoints' included. */
    io.streamtune.contracts.TrainingCost cost() {
        return cost;
    }

    /** The cost a restored checkpoint carried: the count goes on from there. */
    void cost(io.streamtune.contracts.TrainingCost value) {
        cost = io.streamtune.contracts.TrainingCost.orNone(value);
    }

    void timed(long nanos) {
        stepNanos += nanos;
    }

    void sawEventTime(Instant t) {
        if (maxEventTime == null || t.isAfter(maxEventTime)) {
            maxEventTime = t;
        }
    }

    void skipped() {
        skippedBatches++;
    }

    void deadLetter() {
        deadLettered++;
    }

    void duplicates(int records) {
        duplicates += records;
    }

    void rolledBack() {
        rollbacks++;
    }

    /** Back to the pretrained base: nothing trained (the skip, rollback, DLQ and duplicate counts stay). */
    void restart() {
        step = 0;
        examplesSeen = 0;
        maxEventTime = null;
    }

    /**
     * Where a checkpoint left off.
     *
     * @param counters also its skip, rollback, DLQ and duplicate counts (on opening; a rollback keeps the running
     *     ones)
     */
    void restore(CheckpointState s, boolean counters) {
        step = s.step();
        examplesSeen = s.examplesSeen();
        maxEventTime = s.maxEventTime();
        if (counters) {
            skippedBatches = s.skippedBatches();
            rollbacks = s.rollbacks();
            deadLettered = s.deadLettered();
            duplicates = s.duplicates();
        }
    }
}
