package io.streamtune.registry.promotion;

import java.util.List;
import java.util.stream.Collectors;

/** Every gate checked for one evaluation; promoted only when all passed. */
public record Verdict(List<GateResult> results) {

    public Verdict {
        results = List.copyOf(results);
        if (results.isEmpty()) {
            throw new IllegalArgumentException("A verdict needs at least one gate result.");
        }
    }

    public static Verdict rejected(Gate gate, String detail) {
        return new Verdict(List.of(GateResult.fail(gate, detail)));
    }

    public boolean promoted() {
        return results.stream().allMatch(GateResult::passed);
    }

    public List<GateResult> failed() {
        return results.stream().filter(r -> !r.passed()).toList();
    }

    /** One sentence per failed gate, or the passed gates when promoted. */
    public String reason() {
        List<GateResult> shown = promoted() ? results : failed();
        return shown.stream().map(GateResult::toString).collect(Collectors.joining("; "));
    }
}
