package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How the trainer's replay buffer keeps past examples against catastrophic forgetting. */
public enum ReplayStrategy {
    /** No replay: naive fine-tuning. */
    NONE("none"),
    /** Reservoir sampling: a uniform sample of the whole stream. */
    RESERVOIR("reservoir"),
    /** One reservoir per class, equal shares. */
    CLASS_BALANCED("class-balanced"),
    /** Dark Experience Replay++: stores logits at insertion and matches them later. */
    DER_PP("der++");

    private final String wire;

    ReplayStrategy(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ReplayStrategy fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(value)).findFirst()
                .orElseThrow(() -> new ContractViolationException("replay", "must be one of "
                        + Arrays.stream(values()).map(ReplayStrategy::wire).collect(Collectors.joining(", "))
                        + ", got " + Rules.quote(String.valueOf(value))));
    }
}
