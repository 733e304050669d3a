package io.streamtune.ingest.messaging;

import io.quarkus.runtime.Startup;
import io.streamtune.ingest.config.IngestConfig;
import io.streamtune.ingest.examples.ValidatedBatch;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Writes a validated batch to its topics (key = example id) in one Kafka transaction, blocking the calling worker
 * thread: every record is acknowledged ({@code acks=all}) before the commit, and any failure or the deadline aborts
 * the transaction, so a refused batch is never visible to read_committed readers (the trainer and the evaluator).
 * The one case without a clear answer is a commit whose reply never comes: it is retried until Kafka says how it
 * ended or the transaction timeout has passed, and only then reported as {@link CommitInDoubtException}.
 */
@Startup
@ApplicationScoped
public class ExampleWriter {

    private static final Logger LOG = Logger.getLogger(ExampleWriter.class);

    private final ProducerPool pool;
    /** The producer's max.request.size: a record over it is refused by send(), so it is checked before any send. */
    private final int maxRecordBytes;
    private final long transactionTimeoutNanos;

    @Inject
    public ExampleWriter(IngestClients clients, IngestConfig config) {
        this(new ProducerPool(config.kafka().producers(),
                n -> new KafkaProducer<>(clients.httpTransactionalProperties(n))),
                ExampleRecords.maxRecordBytes(clients.producerProperties()), clients.transactionTimeout().toNanos());
    }

    ExampleWriter(ProducerPool pool, int maxRecordBytes, long transactionTimeoutNanos) {
        this.pool = pool;
        this.maxRecordBytes = maxRecordBytes;
        this.transactionTimeoutNanos = transactionTimeoutNanos;
    }

    /**
     * The metadata of every record, in batch order, once the transaction committed.
     *
     * @param deadlineNanos ({@link System#nanoTime()}) by when every record must be acknowledged
     * @throws RecordTooLargeException an example is over the producer's size limit (nothing was sent)
     * @throws TimeoutException the deadline passed (the transaction was aborted)
     * @throws KafkaException Kafka refused a record or the transaction (it was aborted)
     * @throws CommitInDoubtException Kafka stopped answering during the commit
     */
    public List<RecordMetadata> write(List<ValidatedBatch.Placed> batch, long deadlineNanos) {
        List<ProducerRecord<byte[], byte[]>> records = records(batch);
        ProducerPool.Lease lease = pool.borrow(deadlineNanos);
        try {
            Producer<byte[], byte[]> producer = lease.producer();
            List<RecordMetadata> acks;
            try {
                producer.beginTransaction();
                acks = sendAll(producer, records, deadlineNanos);
            } catch (RuntimeException e) {
                abort(lease, e);
                throw e;
            }
            commit(lease, deadlineNanos + transactionTimeoutNanos);
            return acks;
        } catch (RuntimeException e) {
            if (e instanceof org.apache.kafka.common.errors.ProducerFencedException) {
                LOG.errorf("Producer %s was fenced: is another replica using the same instance id?",
                        lease.producer());
            }
            throw e;
        } finally {
            pool.release(lease);
        }
    }

    private List<ProducerRecord<byte[], byte[]>> records(List<ValidatedBatch.Placed> batch) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            ProducerRecord<byte[], byte[]> record = ExampleRecords.of(batch.get(i));
            int size = ExampleRecords.sizeUpperBound(record);
            if (size > maxRecordBytes) {
                throw new RecordTooLargeException("example [" + i + "] is " + size + " bytes as a Kafka record, "
                        + "over the producer's max.request.size of " + maxRecordBytes + " bytes");
            }
            records.add(record);
        }
        return records;
    }

    /**
     * Sends every record, then waits for every acknowledgement until the deadline. Callbacks, not the futures
     * send() returns: a future of a batch the producer split again and again (a record over a topic's
     * max.message.bytes) is a chain that get() walks recursively, deep enough to overflow the stack.
     */
    private static List<RecordMetadata> sendAll(Producer<byte[], byte[]> producer,
            List<ProducerRecord<byte[], byte[]>> records, long deadlineNanos) {
        RecordMetadata[] acks = new RecordMetadata[records.size()];
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch pending = new CountDownLatch(records.size());
        for (int i = 0; i < records.size(); i++) {
            if (System.nanoTime() > deadlineNanos) {
                throw new TimeoutException("the deadline passed before every record was handed to the producer");
            }
            int slot = i;
            // blocks up to max.block.ms for metadata: this is a worker thread; the callback only records the outcome
            producer.send(records.get(i), (md, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else {
                    acks[slot] = md;
                }
                pending.countDown();
            });
        }
        try {
            if (!pending.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)
                    && failure.get() == null) {
                throw new TimeoutException("Kafka did not acknowledge every record by the deadline");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        }
        Exception e = failure.get();
        if (e != null) {
            throw e instanceof KafkaException k ? k : new KafkaException(e);
        }
        return Arrays.asList(acks);
    }

    /**
     * Commits; a commit that times out may still happen, so it is retried (which Kafka allows) until it answers or
     * {@code giveUpNanos}. Any other error means it did not commit: the transaction is aborted.
     */
    private static void commit(ProducerPool.Lease lease, long giveUpNanos) {
        while (true) {
            try {
                lease.producer().commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() > giveUpNanos) {
                    lease.broken();
                    throw new CommitInDoubtException(e);
                }
            } catch (RuntimeException e) {
                abort(lease, e);
                throw e;
            }
        }
    }

    /** Aborts; a producer that cannot (Kafka unreachable, fenced) is replaced, and its successor's init aborts. */
    private static void abort(ProducerPool.Lease lease, RuntimeException cause) {
        try {
            lease.producer().abortTransaction();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            lease.broken();
        }
    }

    @PreDestroy
    void close() {
        // in-flight requests finished during Quarkus' shutdown delay; the pool waits for any still running
        LOG.info("Closing the transactional producers");
        pool.close();
    }
}
