package io.streamtune.registry.promotion;

import com.fasterxml.jackson.annotation.JsonValue;

/** A check a candidate must pass to be promoted; {@link #wire()} names it in decisions and metrics. */
public enum Gate {
    /** The model has a spec in the registry. */
    SPEC("spec"),
    /** The evaluator scored the checkpoint (status EVALUATED, not INSUFFICIENT_DATA or FAILED). */
    STATUS("status"),
    /** The checkpoint is not already a version. */
    NEW_CHECKPOINT("new-checkpoint"),
    /** The evaluation covered at least {@code minEvaluated} held-out examples. */
    EVALUATED_COUNT("evaluated-count"),
    /** Candidate macro-F1 reaches {@code minMacroF1}. */
    VALUE("value"),
    /** Candidate macro-F1 is at least the champion's + {@code minDelta}, on the same held-out snapshot. */
    CHANGE("change"),
    /** No time slice forgot more than {@code maxForgetting}. */
    FORGETTING("forgetting"),
    /** The checkpoint's files are complete and match its manifest. */
    ARTIFACT("artifact"),
    /** The checkpoint's variant may become champion (a shadow challenger is trained, scored and shown only). */
    SHADOW("shadow"),
    /**
     * A checkpoint whose training costs more per example than the champion's must beat it by at least {@code
     * minDeltaForCost} on the same snapshot.
     */
    COST("cost");

    private final String wire;

    Gate(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
