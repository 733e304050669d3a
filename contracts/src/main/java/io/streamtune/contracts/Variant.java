package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One way of training a model, trained on the same stream as the model's other variants (same examples, same order)
 * with checkpoints, positions and replay buffer of its own. Every model has the {@link #PRIMARY primary} variant,
 * {@code default}: its own {@link ModelSpec#training()} on the transformer. A spec may add challengers: other
 * settings, or another family. The evaluator scores every variant's checkpoints on the same held-out snapshot as the
 * champion, and the registry applies the gates to whichever variant produced a checkpoint.
 *
 * @param name lower case letters, digits and '-', at most 32, not {@code default}; it names the variant's checkpoint
 *     lineage ({@code <model>.<name>})
 * @param family default {@code transformer}
 * @param training overrides of the model's {@link TrainingSettings}, by field name (e.g. {@code {"topK": 4}}); a
 *     field not named keeps the model's value; unknown names are refused
 * @param linear the {@code linear} family's settings (ignored by the transformer), default {@link
 *     LinearSettings#defaults()}
 * @param promotable whether a checkpoint of this variant may become champion; default true for the transformer and
 *     false for the linear family: a cheap baseline is trained, scored and shown beside the champion (a "shadow"),
 *     and promoted only where the spec says so
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Variant(String name, ModelFamily family, Map<String, Object> training, LinearSettings linear,
        Boolean promotable) {

    /** The primary variant's name: the model's own settings. */
    public static final String PRIMARY = "default";
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** Challengers a spec may declare besides the primary variant. */
    public static final int MAX_CHALLENGERS = 8;
    private static final Set<String> SETTINGS = Arrays.stream(TrainingSettings.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName).collect(Collectors.toUnmodifiableSet());

    public Variant {
        family = ModelFamily.orDefault(family);
        training = training == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(training));
        linear = linear == null ? LinearSettings.defaults() : linear;
        promotable = promotable == null ? family == ModelFamily.TRANSFORMER : promotable;
        List<Violation> v = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            v.add(new Violation("name", "must be 1 to 32 of a-z 0-9 '-', starting with a letter or digit, got "
                    + Rules.quote(name)));
        }
        for (String key : training.keySet()) {
            if (!SETTINGS.contains(key)) {
                v.add(new Violation("training." + key, "is not a training setting (one of "
                        + SETTINGS.stream().sorted().collect(Collectors.joining(", ")) + ")"));
            }
        }
        ContractViolationException.throwIfAny(v);
    }

    /** The model's own settings on the transformer, always trained. */
    public static Variant primary() {
        return new Variant(PRIMARY, ModelFamily.TRANSFORMER, Map.of(), null, true);
    }

    /** The linear family as a shadow challenger (trained, scored, shown; not promoted). */
    public static Variant linearShadow() {
        return new Variant("linear", ModelFamily.LINEAR, Map.of(), null, false);
    }

    public boolean isPrimary() {
        return PRIMARY.equals(name);
    }

    /** The model's settings with this variant's overrides; throws naming the field when a value is out of range. */
    public TrainingSettings settings(TrainingSettings model) {
        if (training.isEmpty()) {
            return model;
        }
        ObjectNode node = EventJson.mapper().valueToTree(model);
        JsonNode overrides = EventJson.mapper().valueToTree(training);
        node.setAll((ObjectNode) overrides);
        try {
            return EventJson.mapper().treeToValue(node, TrainingSettings.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ContractViolationException cve) {
                throw cve;
            }
            throw new ContractViolationException("training", "overrides do not fit the settings: "
                    + e.getOriginalMessage());
        }
    }

    /**
     * Where a variant's checkpoints live: the model's name for the primary variant (as before variants existed),
     * {@code <model>.<variant>} for a challenger ('.' is in no model name, so no lineage is another model's).
     */
    public static String lineage(String model, String variant) {
        return variant == null || PRIMARY.equals(variant) ? model : model + "." + variant;
    }

    /** The variant named by an event written before variants existed (null): the primary one. */
    public static String orPrimary(String variant) {
        return variant == null ? PRIMARY : variant;
    }
}
