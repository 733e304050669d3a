package io.streamtune.training;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-over between a model's consumer thread and the training thread, in partition order. The consumer pauses
 * its partitions while {@link #size()} is at the high-water mark, so the queue stays bounded while polling goes on.
 */
public final class ExampleQueue {

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Incoming> items = new ArrayDeque<>();
    private final Runnable onArrival;
    private int examples;

    /** @param onArrival called after records arrive (wakes the training thread) */
    public ExampleQueue(Runnable onArrival) {
        this.onArrival = onArrival;
    }

    public void addAll(List<Incoming> batch) {
        if (batch.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (Incoming in : batch) {
                items.addLast(in);
                if (!in.isPoison()) {
                    examples++;
                }
            }
        } finally {
            lock.unlock();
        }
        onArrival.run();
    }

    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A micro-batch, when one is ready: {@code batchSize} examples (with the poison records among them), or fewer
     * once the oldest has waited {@code maxWaitNanos}. Poison records at the head leave at once on their own, so
     * they never change how examples are cut into batches.
     */
    public Optional<List<Incoming>> takeIfReady(int batchSize, long maxWaitNanos, long nowNanos) {
        lock.lock();
        try {
            if (items.isEmpty()) {
                return Optional.empty();
            }
            List<Incoming> out = new ArrayList<>();
            if (examples < batchSize && nowNanos - items.peekFirst().receivedNanos() < maxWaitNanos) {
                while (!items.isEmpty() && items.peekFirst().isPoison()) {
                    out.add(items.pollFirst());
                }
                return out.isEmpty() ? Optional.empty() : Optional.of(out);
            }
            int taken = 0;
            while (!items.isEmpty() && taken < batchSize) {
                Incoming in = items.pollFirst();
                out.add(in);
                if (!in.isPoison()) {
                    taken++;
                    examples--;
                }
            }
            return Optional.of(out);
        } finally {
            lock.unlock();
        }
    }

    /** Drops everything queued (the loop is going away; positions are in the checkpoint). */
    public void clear() {
        lock.lock();
        try {
            items.clear();
            examples = 0;
        } finally {
            lock.unlock();
        }
    }
}
