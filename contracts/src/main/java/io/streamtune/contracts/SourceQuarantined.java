package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A feedback source's standing with one model, on the compacted {@link Topics#QUARANTINES} (key =
 * {@link #key(String, String)}, {@code <model>/<source>}): the latest record per key is the state. The registry
 * writes it; trainers read it. While {@link #blocks()} the trainers train on none of the source's examples: they go
 * to {@link Topics#quarantine(String)} instead, and the source's examples leave the replay buffers.
 *
 * @param state {@link State}
 * @param actor {@code automatic} for the registry's decision, else who released or dropped it
 * @param reason why, in words
 * @param quarantinedAt when the source was quarantined (kept through release and drop)
 * @param evidence the figures the quarantine was decided on (kept through release and drop)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceQuarantined(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String model,
        String source,
        State state,
        String actor,
        String reason,
        Instant quarantinedAt,
        Evidence evidence) implements Event {

    /**
     * QUARANTINED: not trained on, its examples kept. RELEASED: trained on again (the examples held meanwhile stay
     * on the quarantine topic; they are not replayed). DROPPED: still not trained on, and the examples held so far
     * are marked dropped: never to be replayed.
     */
    public enum State {
        QUARANTINED, RELEASED, DROPPED
    }

    /**
     * The figures behind an automatic quarantine, from one monitoring report's window.
     *
     * @param reportId the {@link MonitoringReport}'s event id
     * @param championVersion the version whose predictions were compared with the labels
     * @param count the source's examples in the window
     * @param disagreements of those, how many the champion's top label differs from the source's label
     * @param rate disagreements / count
     * @param median the median rate of the qualified sources
     * @param mad the median absolute deviation of their rates
     * @param threshold the rate above which a source is an outlier in this report
     * @param sources the qualified sources compared
     * @param labels the source's label counts in the window
     * @param labelDistance total variation distance (0..1) between the source's label distribution and the other
     *     sources' together
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Evidence(String reportId, int championVersion, int count, int disagreements, double rate,
            double median, double mad, double threshold, int sources, Map<String, Integer> labels,
            double labelDistance) {

        public Evidence {
            labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        }
    }

    public SourceQuarantined {
        eventId = Event.eventIdOrNew(eventId);
        schemaVersion = Event.schemaVersionOrCurrent(schemaVersion);
        occurredAt = Event.nowIfNull(occurredAt);
        List<Violation> v = new ArrayList<>();
        Rules.modelName("model", model, v);
        if (source == null || source.isBlank() || source.length() > Rules.MAX_ID_CHARS) {
            v.add(new Violation("source", "must be 1.." + Rules.MAX_ID_CHARS + " chars (an example's source)"));
        }
        Rules.required("state", state, v);
        Rules.required("actor", actor, v);
        Rules.required("quarantinedAt", quarantinedAt, v);
        if (evidence != null && (evidence.count() < 1 || evidence.disagreements() < 0
                || evidence.disagreements() > evidence.count())) {
            v.add(new Violation("evidence", "needs count >= 1 and 0 <= disagreements <= count, got " + evidence));
        }
        ContractViolationException.throwIfAny(v);
    }

    /** The record key on {@link Topics#QUARANTINES}. */
    public static String key(String model, String source) {
        return model + "/" + source;
    }

    public String key() {
        return key(model, source);
    }

    /** Whether the source's examples are kept from training. */
    public boolean blocks() {
        return state != State.RELEASED;
    }

    /** The same quarantine in another state. */
    public SourceQuarantined to(State next, String by, String why) {
        return new SourceQuarantined(null, 0, null, model, source, next, by, why, quarantinedAt, evidence);
    }
}
