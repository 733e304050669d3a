package io.streamtune.registry.promotion;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends the moves {@link ChampionAnnouncer} could not announce again, on a thread of its own (never a request's or
 * an event loop's), with back-off until Kafka acknowledges them; at start it checks every model once.
 */
public final class AnnouncementRetries implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AnnouncementRetries.class);

    private final ChampionAnnouncer announcer;
    private final Duration first;
    private final Duration max;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "registry-announcement-retries");
        t.setDaemon(true);
        return t;
    });
    private boolean scheduled;
    private boolean again;
    private Duration delay;

    public AnnouncementRetries(ChampionAnnouncer announcer, Duration first, Duration max) {
        this.announcer = announcer;
        this.first = first;
        this.max = max;
        this.delay = first;
    }

    /** Checks every model's last move now, and retries each failed announcement from then on. */
    public void start() {
        announcer.onFailure(this::wake);
        announcer.checkEveryModel();
        wake();
    }

    /** A pass soon: after the pause in force, or {@code first} when none is. */
    synchronized void wake() {
        if (scheduled) {
            again = true;
            return;
        }
        scheduled = true;
        delay = first;
        schedule();
    }

    private void pass() {
        synchronized (this) {
            again = false;
        }
        boolean done;
        try {
            done = announcer.retry();
        } catch (RuntimeException e) {
            LOG.warnf("Announcements not checked yet (%s); retrying", e.getMessage());
            done = false;
        }
        synchronized (this) {
            if (done && !again) {
                scheduled = false;
                return;
            }
            delay = done ? first : min(delay.multipliedBy(2), max);
            schedule();
        }
    }

    private void schedule() {
        if (!thread.isShutdown()) {
            thread.schedule(this::pass, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
