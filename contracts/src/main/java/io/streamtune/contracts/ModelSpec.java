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
        PromotionPolicy promotion) implements Event {

    public static final String DEFAULT_BASE_MODEL = "all-minilm-l6-v2";
    /** An encoder's name: lower case letters, digits, '.', '_' and '-', no '/' or ':' (no path, no URL). */
    public static final Pattern BASE_MODEL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

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
        List<Violation> v = new ArrayList<>();
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
