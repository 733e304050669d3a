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
    /**
     * {@link MonitoringReport}s (key = model): the evaluator's rolling scores of the champion and the previous
     * version on newly arriving held-out examples; the registry's automatic rollback reads them.
     */
    public static final String MONITORING = "streamtune.monitoring";
    /**
     * Compacted; key = {@code <model>/<source>}, value = {@link SourceQuarantined}: which feedback sources the
     * registry has quarantined; the trainers keep their examples from training.
     */
    public static final String QUARANTINES = "streamtune.quarantines";
    /** Poison records: the original key and bytes, with {@link DlqHeaders}. */
    public static final String DLQ = "streamtune.dlq";

    /** Matches every model's training topic; group 1 is the model name. */
    public static final Pattern TRAIN_PATTERN = Pattern.compile("streamtune\\.([a-z0-9][a-z0-9-]{0,62})\\.train");
    /** Matches every model's held-out topic; group 1 is the model name. */
    public static final Pattern HELDOUT_PATTERN = Pattern.compile("streamtune\\.([a-z0-9][a-z0-9-]{0,62})\\.heldout");

    /**
     * Matches every raw feedback topic, {@code streamtune.raw.<model>.<source>}: group 1 is the model, group 2 the
     * source (the app that alone may write it). Never a train or held-out topic: those have three parts.
     */
    public static final Pattern RAW_PATTERN = Pattern.compile(
            "streamtune\\.raw\\.([a-z0-9][a-z0-9-]{0,62})\\.([a-z0-9][a-z0-9-]{0,62})");
    /** The prefix of every raw feedback topic (one prefixed ACL lets ingest read them all). */
    public static final String RAW_PREFIX = PREFIX + "raw.";

    private Topics() {
    }

    /**
     * Where {@code source} produces labelled examples of {@code model} straight to Kafka, for ingest to validate:
     * one topic per (model, source), so a Write ACL on it is what makes an app that source.
     */
    public static String raw(String model, String source) {
        List<Violation> v = new ArrayList<>();
        Rules.modelName("model", model, v);
        Rules.modelName("source", source, v);
        ContractViolationException.throwIfAny(v);
        return RAW_PREFIX + model + "." + source;
    }

    public static String train(String model) {
        return PREFIX + checked(model) + ".train";
    }

    public static String heldout(String model) {
        return PREFIX + checked(model) + ".heldout";
    }

    /**
     * Where the trainers keep the examples of a quarantined source of {@code model} instead of training on them (the
     * original record, with its train topic position in headers).
     */
    public static String quarantine(String model) {
        return PREFIX + checked(model) + ".quarantine";
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
