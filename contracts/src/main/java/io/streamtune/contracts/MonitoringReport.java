package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Published on {@link Topics#MONITORING} (key = model) by the evaluator: the champion, and the version it replaced,
 * scored prequentially on the same rolling window of the latest held-out examples (each scored as it arrived, so
 * none was seen at promotion time). The registry's {@link AutoRollback} reads it.
 *
 * @param championVersion the champion version scored
 * @param championGeneration the champion pointer's generation when the window was scored: a report about a pointer
 *     that has moved since is stale
 * @param previousVersion the version the champion replaced; null when there is none (first champion) or it could
 *     not be scored ({@code reason} says why)
 * @param windowSize the most examples a window holds (the evaluator's setting)
 * @param count examples in this window (both versions scored exactly these)
 * @param newExamples examples that entered the window since the previous report
 * @param champion the champion's scores on the window (forgetting empty)
 * @param previous the previous version's scores on the same window; null when {@code previousVersion} is
 * @param offsets the held-out records the window covers, per partition
 * @param sources per feedback source in the window: its examples, how many of them the champion's top label
 *     disagrees with, and its label counts (empty from an evaluator before per-source monitoring)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonitoringReport(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String model,
        int championVersion,
        String championCheckpointId,
        long championGeneration,
        Integer previousVersion,
        int windowSize,
        int count,
        int newExamples,
        EvaluationMetrics champion,
        EvaluationMetrics previous,
        List<OffsetRange> offsets,
        String reason,
        List<SourceFigures> sources) implements Event {

    /** Held-out records {@code from}..{@code to} (inclusive) of one partition of the model's held-out topic. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OffsetRange(int partition, long from, long to) {
    }

    /**
     * One source's examples in the window.
     *
     * @param disagreements examples whose label is not the champion's top label
     * @param labels the source's label counts
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SourceFigures(String source, int count, int disagreements, java.util.Map<String, Integer> labels) {

        public SourceFigures {
            labels = labels == null ? java.util.Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
        }

        /** disagreements / count. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public double rate() {
            return count == 0 ? 0 : (double) disagreements / count;
        }
    }

    /** A report without per-source figures. */
    public MonitoringReport(String eventId, int schemaVersion, Instant occurredAt, String model, int championVersion,
            String championCheckpointId, long championGeneration, Integer previousVersion, int windowSize, int count,
            int newExamples, EvaluationMetrics champion, EvaluationMetrics previous, List<OffsetRange> offsets,
            String reason) {
        this(eventId, schemaVersion, occurredAt, model, championVersion, championCheckpointId, championGeneration,
                previousVersion, windowSize, count, newExamples, champion, previous, offsets, reason, null);
    }

    public MonitoringReport {
        eventId = Event.eventIdOrNew(eventId);
        schemaVersion = Event.schemaVersionOrCurrent(schemaVersion);
        occurredAt = Event.nowIfNull(occurredAt);
        offsets = offsets == null ? List.of() : List.copyOf(offsets);
        sources = sources == null ? List.of() : List.copyOf(sources);
        List<Violation> v = new ArrayList<>();
        Rules.modelName("model", model, v);
        Rules.range("championVersion", championVersion, 1, Integer.MAX_VALUE, v);
        Rules.range("championGeneration", championGeneration, 1, Long.MAX_VALUE, v);
        Rules.range("windowSize", windowSize, 1, 10_000_000, v);
        Rules.range("count", count, 1, windowSize, v);
        Rules.range("newExamples", newExamples, 0, count, v);
        Rules.required("champion", champion, v);
        if (champion != null && champion.count() != count) {
            v.add(new Violation("champion.count", "must equal count " + count + ", got " + champion.count()));
        }
        if (previousVersion != null) {
            Rules.range("previousVersion", previousVersion, 1, Integer.MAX_VALUE, v);
            if (previousVersion == championVersion) {
                v.add(new Violation("previousVersion", "must differ from championVersion " + championVersion));
            }
            Rules.required("previous", previous, v);
        } else if (previous != null) {
            v.add(new Violation("previous", "must be absent when previousVersion is"));
        }
        if (previous != null && previous.count() != count) {
            v.add(new Violation("previous.count", "must equal count " + count + " (the same window), got "
                    + previous.count()));
        }
        for (OffsetRange r : offsets) {
            if (r == null || r.partition() < 0 || r.from() < 0 || r.to() < r.from()) {
                v.add(new Violation("offsets", "each range needs partition >= 0 and 0 <= from <= to, got " + r));
            }
        }
        int inSources = 0;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (SourceFigures f : sources) {
            if (f == null || f.source() == null || f.source().isBlank() || !names.add(f.source()) || f.count() < 1
                    || f.disagreements() < 0 || f.disagreements() > f.count()) {
                v.add(new Violation("sources", "each needs a distinct source, count >= 1 and 0 <= disagreements <= "
                        + "count, got " + f));
            } else {
                inSources += f.count();
            }
        }
        if (inSources > count) {
            v.add(new Violation("sources", "count " + inSources + " more examples than the window's " + count));
        }
        ContractViolationException.throwIfAny(v);
    }

    /** The champion's macro-F1 minus the previous version's on this window; empty without a previous version. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public java.util.OptionalDouble macroF1Delta() {
        return previous == null ? java.util.OptionalDouble.empty()
                : java.util.OptionalDouble.of(champion.macroF1() - previous.macroF1());
    }
}
