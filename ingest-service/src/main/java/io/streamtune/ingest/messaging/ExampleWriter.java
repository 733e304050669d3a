package io.streamtune.ingest.messaging;

import io.quarkus.runtime.Startup;
import io.streamtune.ingest.examples.ValidatedBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Writes a validated batch to its topics (key = example id) and completes only when Kafka acknowledged every record
 * ({@code acks=all}, idempotent producer), failing fast on the first record that fails or at the deadline.
 */
@Startup
@ApplicationScoped
public class ExampleWriter {

    private static final Logger LOG = Logger.getLogger(ExampleWriter.class);

    private final Producer<byte[], byte[]> producer;
    /** The producer's max.request.size: a record over it is refused by send(), so it is checked before any send. */
    private final int maxRecordBytes;

    public ExampleWriter(IngestClients clients) {
        this.producer = clients.producer();
        this.maxRecordBytes = ExampleRecords.maxRecordBytes(clients.producerProperties());
    }

    /**
     * The metadata of every record, in batch order; fails with the first error or after {@code timeout}. A record
     * too large for the producer fails the batch before any record is sent, so such a refusal writes nothing.
     */
    public CompletableFuture<List<RecordMetadata>> write(List<ValidatedBatch.Placed> batch, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            ProducerRecord<byte[], byte[]> record = ExampleRecords.of(batch.get(i));
            int size = ExampleRecords.sizeUpperBound(record);
            if (size > maxRecordBytes) {
                return CompletableFuture.failedFuture(new RecordTooLargeException("example [" + i + "] is " + size
                        + " bytes as a Kafka record, over the producer's max.request.size of " + maxRecordBytes
                        + " bytes"));
            }
            records.add(record);
        }
        RecordMetadata[] acks = new RecordMetadata[batch.size()];
        AtomicInteger pending = new AtomicInteger(batch.size());
        CompletableFuture<List<RecordMetadata>> all = new CompletableFuture<>();
        for (int i = 0; i < records.size() && !all.isDone(); i++) {
            ProducerRecord<byte[], byte[]> record = records.get(i);
            int slot = i;
            try {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the deadline passed before every record was handed to the producer");
                }
                producer.send(record, (md, ex) -> {
                    if (ex != null) {
                        all.completeExceptionally(ex);
                    } else {
                        acks[slot] = md;
                        if (pending.decrementAndGet() == 0) {
                            all.complete(Arrays.asList(acks));
                        }
                    }
                });
            } catch (RuntimeException e) {
                // send() itself throws when metadata or buffer space did not come within max.block.ms
                all.completeExceptionally(e);
            }
        }
        long left = Math.max(0, deadline - System.nanoTime());
        return all.orTimeout(left, TimeUnit.NANOSECONDS);
    }

    /** Sends a record as is (the dead-letter queue), acknowledged the same way. */
    public CompletableFuture<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<RecordMetadata> f = new CompletableFuture<>();
        try {
            producer.send(record, (md, ex) -> {
                if (ex != null) {
                    f.completeExceptionally(ex);
                } else {
                    f.complete(md);
                }
            });
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    @PreDestroy
    void close() {
        // in-flight requests finished during Quarkus' shutdown delay; flush what is left and let go
        LOG.info("Closing the Kafka producer");
        producer.close(Duration.ofSeconds(10));
    }
}
