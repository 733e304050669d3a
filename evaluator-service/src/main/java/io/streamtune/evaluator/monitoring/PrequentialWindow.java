package io.streamtune.evaluator.monitoring;

import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.MonitoringReport;
import io.streamtune.evaluator.evaluation.Metrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model's rolling window: the last {@code size} held-out examples that arrived while one pair of versions was
 * champion and previous, each with both versions' probabilities computed when it arrived (prequential: scored before
 * anyone trained on it or looked at it again). Both versions' scores always cover exactly the same examples; they
 * are computed by {@link Metrics}, as for a checkpoint. Not thread-safe: one monitor thread owns it.
 */
public final class PrequentialWindow {

    /**
     * One scored arrival; {@code previous} is null when the window has no previous version, {@code source} when the
     * example's source is not known.
     */
    public record Entry(int partition, long offset, String label, String slice, float[] champion, float[] previous,
            String source) {

        public Entry(int partition, long offset, String label, String slice, float[] champion, float[] previous) {
            this(partition, offset, label, slice, champion, previous, null);
        }
    }

    /** Both versions' scores on the window as it is now; {@code previous} null without a previous version. */
    public record Scores(int count, EvaluationMetrics champion, EvaluationMetrics previous) {
    }

    private final int size;
    private final Versions versions;
    private final List<String> championLabels;
    private final List<String> previousLabels;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private int sinceReport;

    /**
     * @param previousLabels the previous version's classes; null when there is no previous version to score
     */
    public PrequentialWindow(int size, Versions versions, List<String> championLabels, List<String> previousLabels) {
        if (size < 1) {
            throw new IllegalArgumentException("streamtune.evaluator.monitoring.window must be >= 1, got " + size
                    + ".");
        }
        this.size = size;
        this.versions = versions;
        this.championLabels = List.copyOf(championLabels);
        this.previousLabels = previousLabels == null ? null : List.copyOf(previousLabels);
    }

    public Versions versions() {
        return versions;
    }

    /** Whether a previous version is scored in this window. */
    public boolean hasPrevious() {
        return previousLabels != null;
    }

    /** Takes in scored arrivals, the oldest leaving once the window is full. */
    public void add(List<Entry> arrivals) {
        for (Entry e : arrivals) {
            if (e.champion().length != championLabels.size() || hasPrevious() != (e.previous() != null)
                    || (e.previous() != null && e.previous().length != previousLabels.size())) {
                throw new IllegalArgumentException("entry " + e.partition() + "@" + e.offset()
                        + " does not match the window's versions (classes " + championLabels + " / "
                        + previousLabels + ").");
            }
            entries.addLast(e);
            if (entries.size() > size) {
                entries.removeFirst();
            }
        }
        sinceReport = Math.min(sinceReport + arrivals.size(), entries.size());
    }

    public int count() {
        return entries.size();
    }

    /** Arrivals since the last {@link #report}, at most the window's count. */
    public int sinceReport() {
        return sinceReport;
    }

    /** Both versions' scores on the examples in the window now. */
    public Scores scores() {
        if (entries.isEmpty()) {
            throw new IllegalStateException("an empty window has no scores.");
        }
        List<String> truth = new ArrayList<>(entries.size());
        List<String> slices = new ArrayList<>(entries.size());
        float[][] champion = new float[entries.size()][];
        float[][] previous = hasPrevious() ? new float[entries.size()][] : null;
        int i = 0;
        for (Entry e : entries) {
            truth.add(e.label());
            slices.add(e.slice());
            champion[i] = e.champion();
            if (previous != null) {
                previous[i] = e.previous();
            }
            i++;
        }
        return new Scores(entries.size(), Metrics.compute(championLabels, champion, truth, slices),
                previous == null ? null : Metrics.compute(previousLabels, previous, truth, slices));
    }

    /** The held-out records in the window: per partition, its first and last offset. */
    public List<MonitoringReport.OffsetRange> offsets() {
        Map<Integer, long[]> byPartition = new TreeMap<>();
        for (Entry e : entries) {
            long[] r = byPartition.computeIfAbsent(e.partition(), p -> new long[] {e.offset(), e.offset()});
            r[0] = Math.min(r[0], e.offset());
            r[1] = Math.max(r[1], e.offset());
        }
        List<MonitoringReport.OffsetRange> out = new ArrayList<>();
        byPartition.forEach((p, r) -> out.add(new MonitoringReport.OffsetRange(p, r[0], r[1])));
        return out;
    }

    /**
     * Per source in the window (sources in name order): its examples, those whose label is not the champion's top
     * label (the first of equal probabilities), and its label counts. Examples without a source are left out.
     */
    public List<MonitoringReport.SourceFigures> sources() {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, Map<String, Integer>> labels = new TreeMap<>();
        for (Entry e : entries) {
            if (e.source() == null) {
                continue;
            }
            int[] c = counts.computeIfAbsent(e.source(), s -> new int[2]);
            c[0]++;
            if (!championLabels.get(Metrics.argmax(e.champion())).equals(e.label())) {
                c[1]++;
            }
            labels.computeIfAbsent(e.source(), s -> new TreeMap<>()).merge(e.label(), 1, Integer::sum);
        }
        List<MonitoringReport.SourceFigures> out = new ArrayList<>(counts.size());
        counts.forEach((source, c) -> out.add(new MonitoringReport.SourceFigures(source, c[0], c[1],
                labels.get(source))));
        return out;
    }

    /** The report on the window as it is now; the count of new arrivals starts again. */
    public MonitoringReport report(String reason) {
        Scores s = scores();
        MonitoringReport r = new MonitoringReport(null, 0, null, versions.model(), versions.champion(),
                versions.championCheckpointId(), versions.generation(), hasPrevious() ? versions.previous() : null,
                size, s.count(), sinceReport, s.champion(), s.previous(), offsets(), reason, sources());
        sinceReport = 0;
        return r;
    }
}
