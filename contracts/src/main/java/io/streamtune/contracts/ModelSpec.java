package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A model's definition, owned by the registry and published on the compacted {@link Topics#MODELS} topic
 * (key = {@link #name()}).
 *
 * @param baseModel the pretrained encoder by name, default {@code all-minilm-l6-v2}: a name from the trainer's
 *     allow-list of encoders ({@code streamtune.trainer.encoders}), never a path or URL, so a spec cannot make the
 *     trainer open a file or fetch an address of its choosing
 * @param maxTextChars the longest text accepted, default 20,000, at most {@link Rules#MAX_TEXT_CHARS}
 * @param heldoutPercent share of examples (by a hash of the id) kept out of training for evaluation, default 20
 * @param minHeldout the evaluator's minimum held-out count, default 50
 * @param variants challengers trained beside the model's own settings (the {@link Variant#PRIMARY primary} variant)
 *     on the same stream, at most {@link Variant#MAX_CHALLENGERS}; when absent, {@link #DEFAULT_CHALLENGERS}; an empty
 *     list trains the primary variant only
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelSpec(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String name,
        LabelSet labels,
        String baseModel,
        int maxTextChars,
        int heldoutPercent,
        int minHeldout,
        TrainingSettings training,
        PromotionPolicy promotion,
        List<Variant> variants) implements Event {

    public static final String DEFAULT_BASE_MODEL = "all-minilm-l6-v2";
    /** An encoder's name: lower case letters, digits, '.', '_' and '-', no '/' or ':' (no path, no URL). */
    public static final Pattern BASE_MODEL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** What a spec that names no variants gets: the linear family as a shadow beside the transformer. */
    public static final List<Variant> DEFAULT_CHALLENGERS = List.of(Variant.linearShadow());

    /** A spec with the default challengers. */
    public ModelSpec(String eventId, int schemaVersion, Instant occurredAt, String name, LabelSet labels,
            String baseModel, int maxTextChars, int heldoutPercent, int minHeldout, TrainingSettings training,
            PromotionPolicy promotion) {
        this(eventId, schemaVersion, occurredAt, name, labels, baseModel, maxTextChars, heldoutPercent, minHeldout,
                training, promotion, null);
    }

    public ModelSpec {
        eventId = Event.eventIdOrNew(eventId);
        schemaVersion = Event.schemaVersionOrCurrent(schemaVersion);
        occurredAt = Event.nowIfNull(occurredAt);
        baseModel = baseModel == null || baseModel.isBlank() ? DEFAULT_BASE_MODEL : baseModel;
        maxTextChars = maxTextChars == 0 ? 20_000 : maxTextChars;
        heldoutPercent = heldoutPercent == 0 ? 20 : heldoutPercent;
        minHeldout = minHeldout == 0 ? 50 : minHeldout;
        training = training == null ? TrainingSettings.defaults() : training;
        promotion = promotion == null ? PromotionPolicy.defaults() : promotion;
        variants = variants == null ? DEFAULT_CHALLENGERS : List.copyOf(variants);
        List<Violation> v = new ArrayList<>();
        checkVariants(variants, training, v);
        Rules.modelName("name", name, v);
        Rules.required("labels", labels, v);
        if (!BASE_MODEL.matcher(baseModel).matches()) {
            v.add(new Violation("baseModel", "must name a known encoder (1 to 64 of a-z 0-9 . _ -, e.g. "
                    + DEFAULT_BASE_MODEL + "), not a path or URL, got " + Rules.quote(baseModel)));
        }
        Rules.range("maxTextChars", maxTextChars, 1, Rules.MAX_TEXT_CHARS, v);
        Rules.range("heldoutPercent", heldoutPercent, 1, 90, v);
        Rules.range("minHeldout", minHeldout, 1, 1_000_000, v);
        ContractViolationException.throwIfAny(v);
    }

    private static void checkVariants(List<Variant> variants, TrainingSettings training, List<Violation> v) {
        if (variants.size() > Variant.MAX_CHALLENGERS) {
            v.add(new Violation("variants", "at most " + Variant.MAX_CHALLENGERS + " challengers, got "
                    + variants.size()));
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < variants.size(); i++) {
            Variant variant = variants.get(i);
            String at = "variants[" + i + "]";
            if (variant == null) {
                v.add(new Violation(at, "is required"));
                continue;
            }
            if (variant.isPrimary()) {
                v.add(new Violation(at + ".name", "'" + Variant.PRIMARY + "' is the model's own settings: name the "
                        + "challenger otherwise"));
            } else if (!names.add(variant.name())) {
                v.add(new Violation(at + ".name", "is used twice: " + Rules.quote(variant.name())));
            }
            try {
                variant.settings(training);
            } catch (ContractViolationException e) {
                e.violations().forEach(x -> v.add(new Violation(at + "." + x.field(), x.reason())));
            }
        }
    }

    /** The primary variant, then the challengers: every variant the trainer trains. */
    public List<Variant> allVariants() {
        List<Variant> all = new ArrayList<>(variants.size() + 1);
        all.add(Variant.primary());
        all.addAll(variants);
        return List.copyOf(all);
    }

    /** The variant of that name (null: the primary one). */
    public java.util.Optional<Variant> variant(String name) {
        String wanted = Variant.orPrimary(name);
        return allVariants().stream().filter(x -> x.name().equals(wanted)).findFirst();
    }

    /** The same spec with these challengers. */
    public ModelSpec withVariants(List<Variant> challengers) {
        return new ModelSpec(eventId, schemaVersion, occurredAt, name, labels, baseModel, maxTextChars,
                heldoutPercent, minHeldout, training, promotion, challengers);
    }

    public static ModelSpec of(String name, LabelSet labels) {
        return new ModelSpec(null, 0, null, name, labels, null, 0, 0, 0, null, null);
    }

    /** The example checked against this spec: model name, text limit, label set. Empty when it fits. */
    public List<Violation> check(LabelledExample e) {
        List<Violation> v = new ArrayList<>();
        if (!name.equals(e.model())) {
            v.add(new Violation("model", "must be " + Rules.quote(name) + ", got " + Rules.quote(e.model())));
        }
        Rules.text("text", e.text(), maxTextChars, v);
        if (!labels.accepts(e.label())) {
            v.add(new Violation("label", "must be one of " + labels.values() + ", got " + Rules.quote(e.label())));
        }
        return v;
    }
}
