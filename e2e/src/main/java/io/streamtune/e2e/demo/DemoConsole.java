package io.streamtune.e2e.demo;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The demo's output: lines stamped with the time since the start, and one progress bar at a time under them. On a
 * terminal the bar redraws in place; piped into a file it becomes a line every 15 s.
 */
final class DemoConsole {

    private static final String CLEAR_LINE = "\r\u001B[2K";

    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private ProgressBar bar;

    DemoConsole(PrintStream out) {
        this.out = out;
        this.terminal = System.console() != null;
    }

    long elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }

    String stamp() {
        long s = elapsedSeconds();
        return String.format("[%2d:%02d]", s / 60, s % 60);
    }

    synchronized void line(String text) {
        out.print((terminal && bar != null ? CLEAR_LINE : "") + stamp() + " " + text + "\n");
        out.flush();
    }

    /** Text as it is (a block, a blank line), unstamped. */
    synchronized void raw(String text) {
        out.print((terminal && bar != null ? CLEAR_LINE : "") + text + "\n");
        out.flush();
    }

    PrintStream stream() {
        return out;
    }

    ProgressBar bar(String task, long max, String unit) {
        closeBar();
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUnit(unit, 1)
                .showSpeed().setMaxRenderedLength(130);
        if (terminal) {
            b.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(out));
        } else {
            b.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(15_000)
                    .setConsumer(new DelegatingProgressBarConsumer(s -> line(s.strip()), 130));
        }
        ProgressBar built = b.build();
        synchronized (this) {
            bar = built;
        }
        return built;
    }

    /** Closes the bar; not under the lock: closing waits for the bar's last render, which prints a line. */
    void closeBar() {
        ProgressBar b;
        synchronized (this) {
            b = bar;
            bar = null;
        }
        if (b != null) {
            b.close();
        }
    }
}
