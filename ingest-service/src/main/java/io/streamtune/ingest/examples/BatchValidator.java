package io.streamtune.ingest.examples;

import io.streamtune.contracts.HeldoutSplit;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a parsed batch against the model's spec and the contract's field rules. All or nothing: one bad example
 * and the batch is refused with every violation listed.
 */
public final class BatchValidator {

    /** Labels listed in a "must be one of" message; a huge label set is cut. */
    private static final int LABELS_SHOWN = 20;

    private BatchValidator() {
    }

    /**
     * @param key the held-out split's secret
     * @param source the API key's name, stamped on every example
     * @param parsed the body as read, whose own violations (types, JSON) carry over
     */
    public static ValidatedBatch validate(ModelSpec spec, HeldoutSplit.Key key, String source, ParsedBody parsed,
            Instant now) {
        List<ItemViolation> violations = new ArrayList<>(parsed.violations());
        List<ValidatedBatch.Placed> placed = new ArrayList<>();
        Map<String, Integer> firstIndexOfId = new HashMap<>();
        for (RawExample raw : parsed.examples()) {
            int before = violations.size();
            String id = raw.id() == null ? ContentId.of(spec.name(), source, raw.label(), raw.text()) : raw.id();
            for (Violation v : LabelledExample.violations(id, spec.name(), raw.text(), raw.label(), source,
                    raw.metadata(), spec.maxTextChars())) {
                violations.add(ItemViolation.of(raw.index(), v));
            }
            if (raw.label() != null && !spec.labels().accepts(raw.label()) && violations.size() == before) {
                violations.add(ItemViolation.of(raw.index(), "label", "must be one of " + shown(spec) + ", got "
                        + Shown.quote(raw.label())));
            }
            if (raw.id() != null) {
                Integer first = firstIndexOfId.putIfAbsent(raw.id(), raw.index());
                if (first != null) {
                    violations.add(ItemViolation.of(raw.index(), "id", "repeats the id of example [" + first + "] ("
                            + Shown.quote(raw.id()) + "); ids are idempotency keys and must be unique in a batch"));
                }
            }
            if (violations.size() == before) {
                LabelledExample e = new LabelledExample(null, 0, now, id, spec.name(), raw.text(), raw.label(), source,
                        raw.eventTime(), raw.metadata());
                placed.add(new ValidatedBatch.Placed(e, HeldoutSplit.side(key, spec.name(), id,
                        spec.heldoutPercent())));
            }
        }
        violations.sort(java.util.Comparator.comparing(v -> v.index() == null ? -1 : v.index()));
        return new ValidatedBatch(violations.isEmpty() ? placed : List.of(), violations);
    }

    private static String shown(ModelSpec spec) {
        List<String> labels = spec.labels().values();
        return labels.size() <= LABELS_SHOWN ? labels.toString()
                : labels.subList(0, LABELS_SHOWN) + " (and " + (labels.size() - LABELS_SHOWN) + " more)";
    }
}
