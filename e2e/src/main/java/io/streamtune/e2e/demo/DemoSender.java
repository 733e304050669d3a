package io.streamtune.e2e.demo;

import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.e2e.stack.IngestClient;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;

/**
 * Sends emails to ingest as an app would, one client: either all at once in batches of {@link #BATCH}, or as they
 * arrive on an {@link ArrivalSchedule} (each request carries the emails whose time has come). It keeps when ingest
 * answered 2xx for each training email and where Kafka put it, for the freshness figures.
 */
final class DemoSender {

    static final int BATCH = 50;
    /** How often a paced stream looks up from sending (progress, the pipeline's news). */
    private static final double TICK_SECONDS = 2.0;

    /**
     * What one send did.
     *
     * @param start when the first request went out (paced: the schedule's time zero)
     * @param seconds from {@code start} to the last 2xx
     */
    record Sent(Instant start, double seconds, long accepted, long train, int refused,
            List<PipelineFigures.Acked> acked) {

        static final Sent NOTHING = new Sent(null, 0, 0, 0, 0, List.of());

        double trainShare() {
            return accepted == 0 ? Double.NaN : (double) train / accepted;
        }
    }

    private final IngestClient ingest;
    private final String model;
    private final DemoConsole console;

    DemoSender(IngestClient ingest, String model, DemoConsole console) {
        this.ingest = ingest;
        this.model = model;
        this.console = console;
    }

    /** All of {@code emails}, in order, in batches, as fast as ingest answers. */
    Sent atOnce(List<LabelledText> emails, ProgressBar bar) throws IOException {
        Tally tally = new Tally();
        for (int i = 0; i < emails.size(); i += BATCH) {
            List<LabelledText> batch = emails.subList(i, Math.min(i + BATCH, emails.size()));
            tally.post(batch);
            bar.stepBy(batch.size());
            bar.setExtraMessage(String.format(" %,d to train", tally.train));
        }
        return tally.sent();
    }

    /**
     * {@code emails} in order, email {@code i} at {@code schedule.at(i)} seconds after the start; a request late on its
     * schedule takes every email due by then, so the stream catches up instead of drifting. {@code tick} runs every
     * couple of seconds while it streams; what it returns goes at the end of the bar.
     */
    Sent paced(List<LabelledText> emails, ArrivalSchedule schedule, ProgressBar bar, Supplier<String> tick)
            throws IOException {
        return paced(emails, schedule, bar, tick, () -> false);
    }

    /**
     * As {@link #paced(List, ArrivalSchedule, ProgressBar, Supplier)}, stopping early once {@code enough} says so
     * (asked at each tick, after {@code tick}).
     */
    Sent paced(List<LabelledText> emails, ArrivalSchedule schedule, ProgressBar bar, Supplier<String> tick,
            java.util.function.BooleanSupplier enough) throws IOException {
        if (schedule.size() < emails.size()) {
            throw new IllegalArgumentException("The schedule has " + schedule.size() + " arrivals for "
                    + emails.size() + " emails.");
        }
        Tally tally = new Tally();
        double nextTick = 0;
        String news = "";
        int i = 0;
        while (i < emails.size()) {
            double now = tally.elapsed();
            if (now >= nextTick) {
                news = tick.get();
                nextTick = now + TICK_SECONDS;
                if (enough.getAsBoolean()) {
                    break;
                }
            }
            int end = Math.min(schedule.dueUntil(i, now, BATCH), emails.size());
            if (end == i) {
                double wait = Math.min(schedule.at(i), nextTick) - now;
                sleep(wait);
                continue;
            }
            tally.post(emails.subList(i, end));
            i = end;
            bar.stepTo(i);
            double seconds = tally.elapsed();
            bar.setExtraMessage(String.format(" %.2f/s (target %.2f), %,d to train%s", i / Math.max(seconds, 1e-9),
                    schedule.ratePerSecond(), tally.train, news));
        }
        return tally.sent();
    }

    private static void sleep(double seconds) {
        long nanos = (long) (seconds * 1e9);
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The counts of one send. */
    private final class Tally {

        final Instant start = Instant.now();
        final long t0 = System.nanoTime();
        final List<PipelineFigures.Acked> acked = new ArrayList<>();
        long accepted;
        long train;
        int refused;
        double lastAck;

        double elapsed() {
            return (System.nanoTime() - t0) / 1e9;
        }

        void post(List<LabelledText> emails) throws IOException {
            List<IngestClient.Example> batch = new ArrayList<>();
            for (LabelledText t : emails) {
                batch.add(new IngestClient.Example(t.id(), t.text(), t.label(), t.eventTime(),
                        Map.of("group", t.group(), "period", t.period())));
            }
            IngestClient.Result r = ingest.send(model, batch);
            Instant at = Instant.now();
            lastAck = elapsed();
            for (IngestClient.Placement placed : r.accepted()) {
                if (placed.train()) {
                    acked.add(new PipelineFigures.Acked(placed.partition(), placed.offset(), at));
                    train++;
                }
            }
            accepted += r.accepted().size();
            for (IngestClient.Refused x : r.refused()) {
                refused++;
                console.line("ingest refused " + x.example().id() + ": " + x.reason());
            }
        }

        Sent sent() {
            return new Sent(start, lastAck, accepted, train, refused, List.copyOf(acked));
        }
    }
}
