package io.streamtune.training;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * The one training thread of the JVM (DJL's gradient collector is JVM-wide, and libtorch keeps grad mode per
 * thread). It runs every model's loop in turn, plus tasks such as opening a model, and sleeps when no batch is
 * ready. Stopping ends with a final checkpoint per model; halting ends without one, as a crash would.
 */
public final class TrainingScheduler {

    private static final Logger LOG = Logger.getLogger(TrainingScheduler.class);
    private static final long IDLE_PARK_NANOS = 50_000_000L;

    private final List<ModelTrainer> trainers = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean halted;
    private volatile long heartbeatNanos = System.nanoTime();
    private volatile long idleNanos;
    private final long startedNanos = System.nanoTime();

    public TrainingScheduler() {
        this.thread = new Thread(this::run, "streamtune-training");
    }

    public void start() {
        thread.start();
    }

    /** Runs {@code task} on the training thread. */
    public void submit(Runnable task) {
        tasks.add(task);
        wake();
    }

    public void add(ModelTrainer trainer) {
        trainers.add(trainer);
        wake();
    }

    /**
     * Takes a model's loop off the thread, between two turns (never mid-step), and ends it: with a final checkpoint
     * ({@code graceful}) or without one. {@code which} is read on the training thread, after every task submitted
     * before this one (a loop being opened is ended once open). The future completes once it ended; at once when the
     * thread has stopped (it ended every loop on its way out).
     */
    public java.util.concurrent.CompletableFuture<Void> end(java.util.function.Supplier<ModelTrainer> which,
            boolean graceful) {
        return endAll(() -> {
            ModelTrainer t = which.get();
            return t == null ? List.of() : List.of(t);
        }, graceful);
    }

    /** {@link #end} for several loops at once (a model's variants), in their order. */
    public java.util.concurrent.CompletableFuture<Void> endAll(java.util.function.Supplier<List<ModelTrainer>> which,
            boolean graceful) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        if (stopping && !thread.isAlive()) {
            done.complete(null);
            return done;
        }
        submit(() -> {
            try {
                for (ModelTrainer trainer : which.get()) {
                    if (trainers.remove(trainer) && graceful) {
                        trainer.shutdown();
                    } else {
                        trainer.close();
                    }
                }
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        if (stopping && !thread.isAlive()) {
            done.complete(null); // stopped meanwhile: the task will never run, the loops ended with the thread
        }
        return done;
    }

    public List<ModelTrainer> trainers() {
        return List.copyOf(trainers);
    }

    /** Called when records arrive. */
    public void wake() {
        LockSupport.unpark(thread);
    }

    /** Nanoseconds since the training thread last went round its loop. */
    public long sinceHeartbeatNanos() {
        return thread.isAlive() ? System.nanoTime() - heartbeatNanos : Long.MAX_VALUE;
    }

    /** Share of wall time the training thread spent waiting for batches, since it started. */
    public double idleShare() {
        return idleNanos / (double) Math.max(1, System.nanoTime() - startedNanos);
    }

    public long idleNanos() {
        return idleNanos;
    }

    /** Whether a stop or halt was asked for. */
    public boolean stopping() {
        return stopping;
    }

    /** Graceful: the current step ends, every model writes a final checkpoint, the thread ends. */
    public void stop(Duration timeout) {
        stopping = true;
        join(timeout);
    }

    /** Crash-like: the thread ends after the current step without writing any checkpoint. */
    public void halt(Duration timeout) {
        halted = true;
        stopping = true;
        join(timeout);
    }

    private void join(Duration timeout) {
        wake();
        if (Thread.currentThread() == thread || !thread.isAlive()) {
            return;
        }
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warnf("training thread still busy after %s", timeout);
        }
    }

    private void run() {
        while (!stopping) {
            heartbeatNanos = System.nanoTime();
            Runnable task;
            while (!stopping && (task = tasks.poll()) != null) {
                runSafely(task);
            }
            boolean worked = false;
            for (ModelTrainer t : trainers) {
                if (stopping) {
                    break;
                }
                try {
                    worked |= t.trainOnce(System.nanoTime());
                    // a halt between the step and its checkpoint must not write one: a crash would not
                    worked |= !stopping && t.checkpointIfDue();
                } catch (RuntimeException e) {
                    // a step that throws (not a non-finite loss: an error) must not take the other models down
                    LOG.errorf(e, "%s: loop iteration failed", t.model());
                    t.fail(e.toString());
                }
            }
            if (!worked && !stopping) {
                long t0 = System.nanoTime();
                LockSupport.parkNanos(IDLE_PARK_NANOS);
                idleNanos += System.nanoTime() - t0;
            }
        }
        for (ModelTrainer t : trainers) {
            if (halted) {
                t.close();
            } else {
                t.shutdown();
            }
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("training-thread task failed", e);
        }
    }
}
