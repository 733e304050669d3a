package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which parameters fine-tuning moves: the head only, the top k encoder layers and the head, everything, or the top k
 * layers unfrozen one at a time (gradual unfreezing, Howard and Ruder 2018).
 */
public enum FineTuneMode {
    HEAD("head"), TOP_K("top-k"), FULL("full"),
    /** The head first, then one more of the top {@code topK} encoder layers every {@code unfreezeEverySteps}. */
    GRADUAL("gradual");

    private final String wire;

    FineTuneMode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static FineTuneMode fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(value)).findFirst()
                .orElseThrow(() -> new ContractViolationException("fineTuneMode", "must be one of "
                        + Arrays.stream(values()).map(FineTuneMode::wire).collect(Collectors.joining(", "))
                        + ", got " + Rules.quote(String.valueOf(value))));
    }
}
