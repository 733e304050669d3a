package io.streamtune.ingest.examples;

import io.streamtune.contracts.HeldoutSplit;
import io.streamtune.contracts.LabelledExample;
import java.util.List;

/** Examples that passed every check, each with the side of the split it goes to; or every reason they did not. */
public record ValidatedBatch(List<Placed> examples, List<ItemViolation> violations) {

    public ValidatedBatch {
        examples = List.copyOf(examples);
        violations = List.copyOf(violations);
    }

    public boolean valid() {
        return violations.isEmpty();
    }

    /** An example and where it goes. */
    public record Placed(LabelledExample example, HeldoutSplit.Side side) {
    }
}
