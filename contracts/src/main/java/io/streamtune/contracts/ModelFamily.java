package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What kind of model a variant trains. Both learn from the same stream through the trainer's loop; they differ in
 * cost by two to three orders of magnitude, which is why a model can train both and let the registry decide.
 */
public enum ModelFamily {
    /** The pretrained encoder fine-tuned with a classification head ({@link TrainingSettings}). */
    TRANSFORMER("transformer"),
    /** Hashed TF-IDF features of the full text and an online logistic regression ({@link LinearSettings}). */
    LINEAR("linear");

    private final String wire;

    ModelFamily(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ModelFamily fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(value)).findFirst()
                .orElseThrow(() -> new ContractViolationException("family", "must be one of "
                        + Arrays.stream(values()).map(ModelFamily::wire).collect(Collectors.joining(", "))
                        + ", got " + Rules.quote(String.valueOf(value))));
    }

    /** The family of an event written before families existed (null): the transformer. */
    public static ModelFamily orDefault(ModelFamily family) {
        return family == null ? TRANSFORMER : family;
    }
}
