package io.streamtune.trainer.messaging;

import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.SourceQuarantined;
import io.streamtune.contracts.Topics;
import io.streamtune.kit.kafka.KafkaClients;
import io.streamtune.training.QuarantineTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Follows the compacted {@code streamtune.quarantines} into a {@link QuarantineTable}: outside any group, every
 * partition from the beginning, then on. {@link #awaitCaughtUp} is true once everything that was on the topic at the
 * start has been read: no model opens before (none trains a quarantined source's examples after a restart).
 */
public final class QuarantineFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(QuarantineFollower.class);

    private final Map<String, Object> props;
    private final QuarantineTable table;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public QuarantineFollower(Map<String, Object> kafka, String clientId, QuarantineTable table) {
        this.props = KafkaClients.consumer(kafka, null, clientId);
        this.table = table;
    }

    public QuarantineTable table() {
        return table;
    }

    public synchronized QuarantineFollower start() {
        thread = new Thread(this::run, "streamtune-quarantines");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void run() {
        while (!closed) {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props)) {
                consumer = c;
                List<TopicPartition> partitions = c.partitionsFor(Topics.QUARANTINES, Duration.ofSeconds(30))
                        .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                if (partitions.isEmpty()) {
                    caughtUp.countDown(); // nothing was ever quarantined; look again for the topic later
                    Thread.sleep(10_000);
                    continue;
                }
                c.assign(partitions);
                c.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
                while (!closed) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                        apply(r);
                    }
                    if (caughtUp.getCount() > 0 && partitions.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
                        LOG.infof("Quarantines read up to %s", end);
                        caughtUp.countDown();
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Reading %s failed (%s); reading it again", Topics.QUARANTINES, e.toString());
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
        int slash = key.indexOf('/');
        if (r.value() == null) {
            if (slash > 0) {
                table.remove(key.substring(0, slash), key.substring(slash + 1));
            }
            return;
        }
        try {
            SourceQuarantined q = EventJson.read(r.value(), SourceQuarantined.class);
            table.apply(q);
            LOG.infof("%s: source %s is %s (%s)", q.model(), q.source(), q.state(), q.reason());
        } catch (IllegalArgumentException poison) {
            LOG.warnf("Ignoring an unreadable record at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                    poison.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
