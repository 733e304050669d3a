package io.streamtune.e2e.report;

import java.util.Locale;

/** Progress lines on stdout: what runs, how far it is, how long it took and how long it may still take. */
final class Progress {

    private final String task;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos;
    private static final long EVERY_NANOS = 15_000_000_000L;

    private Progress(String task, long total) {
        this.task = task;
        this.total = total;
    }

    static Progress start(String task, long total) {
        say("%s: %d to do", task, total);
        return new Progress(task, total);
    }

    /** Prints where the task is, at most every 15 s (and always at the end). */
    void at(long done, String detail) {
        long now = System.nanoTime();
        if (done < total && now - lastPrintNanos < EVERY_NANOS) {
            return;
        }
        lastPrintNanos = now;
        double elapsed = (now - startNanos) / 1e9;
        double eta = done == 0 ? Double.NaN : elapsed * (total - done) / done;
        say("%s: %d/%d (%.0f%%) %s elapsed %s%s", task, done, total, 100.0 * done / Math.max(1, total),
                detail == null || detail.isEmpty() ? "" : detail + ",", duration(elapsed),
                done < total && !Double.isNaN(eta) ? ", about " + duration(eta) + " left" : "");
    }

    static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[report %s] " + format + "%n", prepend(clock(), args));
        System.out.flush();
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] out = new Object[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static String clock() {
        return java.time.LocalTime.now().withNano(0).toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
