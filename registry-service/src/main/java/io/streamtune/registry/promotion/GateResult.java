package io.streamtune.registry.promotion;

/** One gate's outcome, with the numbers it compared in {@link #detail()}. */
public record GateResult(Gate gate, boolean passed, String detail) {

    public static GateResult pass(Gate gate, String detail) {
        return new GateResult(gate, true, detail);
    }

    public static GateResult fail(Gate gate, String detail) {
        return new GateResult(gate, false, detail);
    }

    @Override
    public String toString() {
        return gate.wire() + (passed ? " passed: " : " failed: ") + detail;
    }
}
