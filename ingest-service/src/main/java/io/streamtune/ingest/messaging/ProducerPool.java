package io.streamtune.ingest.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

/**
 * A few transactional producers, each with a {@code transactional.id} of its own, lent to one request at a time so
 * concurrent requests commit in parallel. A producer is initialised on first loan (which fences a predecessor of the
 * same id and aborts its open transaction), and one that ends in an unknown or fatal state is closed and replaced by
 * a fresh one of the same id, whose initialisation finishes whatever the old one left open.
 */
public final class ProducerPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProducerPool.class);

    private final IntFunction<Producer<byte[], byte[]>> factory;
    private final BlockingQueue<Lease> idle;
    private final List<Lease> all;

    /** @param factory producer number n, transactional, transactions not yet initialised */
    public ProducerPool(int size, IntFunction<Producer<byte[], byte[]>> factory) {
        if (size < 1) {
            throw new IllegalArgumentException("streamtune.ingest.kafka.producers must be at least 1, got " + size);
        }
        this.factory = factory;
        this.all = IntStream.range(0, size).mapToObj(Lease::new).toList();
        this.idle = new ArrayBlockingQueue<>(size, true, all);
    }

    /** One producer in a transaction-ready state; must be {@linkplain #release released}. */
    public final class Lease {
        private final int n;
        private Producer<byte[], byte[]> producer;
        private boolean initialised;
        private boolean broken;

        private Lease(int n) {
            this.n = n;
        }

        public Producer<byte[], byte[]> producer() {
            return producer;
        }

        /** Its state is unknown (an abort or commit that did not finish, a fatal error): replace it on release. */
        public void broken() {
            broken = true;
        }
    }

    /**
     * A free producer, initialised; waits until {@code deadlineNanos} for one to be free.
     *
     * @throws TimeoutException none was free in time, or initialisation did not finish within max.block.ms
     */
    public Lease borrow(long deadlineNanos) {
        Lease lease;
        try {
            lease = idle.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        }
        if (lease == null) {
            throw new TimeoutException("all " + all.size() + " transactional producers stayed busy until the deadline");
        }
        try {
            if (lease.producer == null) {
                lease.producer = factory.apply(lease.n);
            }
            if (!lease.initialised) {
                lease.producer.initTransactions();
                lease.initialised = true;
            }
            return lease;
        } catch (TimeoutException e) {
            release(lease); // initTransactions may be called again after a timeout
            throw e;
        } catch (KafkaException e) {
            lease.broken();
            release(lease);
            throw e;
        }
    }

    public void release(Lease lease) {
        if (lease.broken) {
            closeQuietly(lease, Duration.ZERO);
            lease.producer = null;
            lease.initialised = false;
            lease.broken = false;
        }
        idle.add(lease);
    }

    /** Waits for every lent producer to come back (in-flight requests finish first), then closes them all. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int i = 0; i < all.size(); i++) {
            Lease lease = null;
            try {
                lease = idle.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (lease == null) {
                LOG.warnf("%d transactional producer(s) still lent out after 10 s; not closing them", all.size() - i);
                return;
            }
            closeQuietly(lease, Duration.ofSeconds(5));
        }
    }

    private static void closeQuietly(Lease lease, Duration timeout) {
        if (lease.producer == null) {
            return;
        }
        try {
            lease.producer.close(timeout);
        } catch (RuntimeException e) {
            LOG.debugf("Closing producer %d: %s", lease.n, e.toString());
        }
    }
}
