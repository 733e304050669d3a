package io.streamtune.training;

/**
 * The loop's answer to steps without a finite loss: each one is skipped; the model rolls back to its last checkpoint
 * when {@code limit} come in a row, or at once when the learner says its weights are poisoned. Training thread only.
 */
final class DivergenceGuard {

    private final int limit;
    private int consecutive;

    /** @param limit consecutive skipped steps that roll back ({@code streamtune.trainer.divergence-limit}, >= 1) */
    DivergenceGuard(int limit) {
        this.limit = limit;
    }

    /** A step that was not applied; true when the model must go back to its last checkpoint now. */
    boolean skipped(boolean poisoned) {
        consecutive++;
        return poisoned || consecutive >= limit;
    }

    /** A step that was applied: the count starts again. */
    void applied() {
        consecutive = 0;
    }

    /** Skipped steps in a row so far. */
    int consecutive() {
        return consecutive;
    }
}
