package io.streamtune.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kafka topic names. Per-model topics embed the (validated) model name. */
public final class Topics {

    public static final String PREFIX = "streamtune.";
    /** Compacted; key = model name, value = {@link ModelSpec}. */
    public static final String MODELS = "streamtune.models";
    public static final String CHECKPOINTS = "streamtune.checkpoints";
    public static final String EVALUATIONS = "streamtune.evaluations";
    public static final String PROMOTIONS = "streamtune.promotions";
    /** Poison records: the original key and bytes, with {@link DlqHeaders}. */
    public static final String DLQ = "streamtune.dlq";

    /** Matches every model's training topic; group 1 is the model name. */
    public static final Pattern TRAIN_PATTERN = Pattern.compile("streamtune\\.([a-z0-9][a-z0-9-]{0,62})\\.train");
    /** Matches every model's held-out topic; group 1 is the model name. */
    public static final Pattern HELDOUT_PATTERN = Pattern.compile("streamtune\\.([a-z0-9][a-z0-9-]{0,62})\\.heldout");

    private Topics() {
    }

    public static String train(String model) {
        return PREFIX + checked(model) + ".train";
    }

    public static String heldout(String model) {
        return PREFIX + checked(model) + ".heldout";
    }

    /** The model a per-model topic belongs to, if the name is one. */
    public static Optional<String> modelOf(String topic) {
        for (Pattern p : List.of(TRAIN_PATTERN, HELDOUT_PATTERN)) {
            Matcher m = p.matcher(topic);
            if (m.matches()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private static String checked(String model) {
        List<Violation> v = new ArrayList<>();
        Rules.modelName("model", model, v);
        ContractViolationException.throwIfAny(v);
        return model;
    }
}
