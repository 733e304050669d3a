package io.streamtune.ingest.raw;

import io.streamtune.contracts.ModelSpec;
import io.streamtune.ingest.metrics.IngestMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The transactional read-process-write loop over the raw topics: each poll's records become one transaction holding
 * their examples (train / held-out), their dead letters and the consumer's offsets
 * ({@code sendOffsetsToTransaction} with the group's metadata), so a crash anywhere either commits all of a poll or
 * none of it. Framework-free; it runs until {@link #stop()} or the first error, which it leaves to its owner
 * (abort, close both clients, build new ones: the consumer then resumes at the committed offsets).
 */
public final class RawFeedbackLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(RawFeedbackLoop.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final Map<String, RawTopic> topics;
    private final Function<String, Optional<ModelSpec>> specs;
    private final RawRecordReader reader;
    private final IngestMetrics metrics;
    private final RawFeedbackStatus status;
    private final Duration pollTimeout;
    private volatile boolean running = true;

    /**
     * @param consumer read_committed, no auto-commit, in the raw topics' group
     * @param producer transactional ({@code transactional.id} set), transactions not yet initialised
     */
    public RawFeedbackLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, List<RawTopic> topics,
            Function<String, Optional<ModelSpec>> specs, RawRecordReader reader, IngestMetrics metrics,
            RawFeedbackStatus status, Duration pollTimeout) {
        this.consumer = consumer;
        this.producer = producer;
        this.topics = topics.stream().collect(Collectors.toMap(RawTopic::topic, t -> t));
        this.specs = specs;
        this.reader = reader;
        this.metrics = metrics;
        this.status = status;
        this.pollTimeout = pollTimeout;
    }

    @Override
    public void run() {
        // fences an earlier producer of this transactional.id and completes its open transaction first
        producer.initTransactions();
        consumer.subscribe(topics.keySet());
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
                status.polled(consumer.assignment().size(), lag());
                if (!records.isEmpty()) {
                    process(records);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        }
    }

    /** Ends the loop: at once when it waits in poll, else after the transaction in progress. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    private void process(ConsumerRecords<byte[], byte[]> records) {
        Instant now = Instant.now();
        List<Counted> outcomes = new ArrayList<>(records.count());
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        producer.beginTransaction();
        try {
            for (TopicPartition tp : records.partitions()) {
                RawTopic topic = topics.get(tp.topic());
                List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
                for (ConsumerRecord<byte[], byte[]> r : list) {
                    RawRecordReader.Outcome o = reader.read(r, topic, specs.apply(topic.model()), now);
                    producer.send(o.record());
                    outcomes.add(new Counted(topic, o));
                    if (o instanceof RawRecordReader.Refused refused && LOG.isDebugEnabled()) {
                        LOG.debugf("Raw record %s-%d@%d dead-lettered: %s", r.topic(), r.partition(), r.offset(),
                                refused.why());
                    }
                }
                next.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
            }
            producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
            // flushes every send first; a send that failed makes it throw, and nothing of the poll is visible
            producer.commitTransaction();
        } catch (RuntimeException e) {
            abortQuietly(e);
            throw e;
        }
        count(outcomes);
    }

    private void abortQuietly(RuntimeException cause) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            cause.addSuppressed(e); // a fenced or failed producer cannot abort; its successor's init does
        }
    }

    private void count(List<Counted> outcomes) {
        Map<RawTopic, Integer> consumed = new HashMap<>();
        for (Counted c : outcomes) {
            consumed.merge(c.topic(), 1, Integer::sum);
            if (c.outcome() instanceof RawRecordReader.Accepted a) {
                metrics.rawAccepted(c.topic().model(), a.placed().side(), 1);
            } else if (c.outcome() instanceof RawRecordReader.Refused r) {
                metrics.rawDeadLettered(c.topic().model(), r.reason(), 1);
            }
        }
        consumed.forEach((t, n) -> metrics.rawConsumed(t.model(), t.source(), n));
    }

    private Map<String, Long> lag() {
        Map<String, Long> lag = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            RawTopic t = topics.get(tp.topic());
            consumer.currentLag(tp).ifPresent(n -> lag.merge(t.model(), n, Long::sum));
        }
        return lag;
    }

    private record Counted(RawTopic topic, RawRecordReader.Outcome outcome) {
    }
}
