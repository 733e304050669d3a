package io.streamtune.trainer.messaging;

import io.streamtune.contracts.Topics;
import io.streamtune.training.ExampleQueue;
import io.streamtune.training.ExampleSource;
import io.streamtune.training.Incoming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The plain Kafka consumer of one model's train topic, on a thread of its own. It assigns itself every partition
 * (one trainer owns a model: no group rebalance can move partitions under a running loop) and seeks to the
 * positions of the checkpoint it was given. It keeps polling while the training thread steps, pausing its
 * partitions while the queue is at its high-water mark and resuming below half of it, so however long a step takes
 * the consumer never stalls.
 */
public final class ExampleConsumer implements ExampleSource, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ExampleConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long LAG_EVERY_NANOS = 2_000_000_000L;
    private static final long REFRESH_EVERY_NANOS = 30_000_000_000L;

    private final String model;
    private final String topic;
    private final Map<String, Object> props;
    private final ExampleQueue queue;
    private final RecordDecoder decoder;
    private final int highWater;
    private final AtomicReference<Map<Integer, Long>> commitRequest = new AtomicReference<>();
    private volatile Map<Integer, Long> endOffsets = Map.of();
    private volatile boolean running;
    private volatile boolean halted;
    private volatile boolean paused;
    private volatile long pauses;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public ExampleConsumer(String model, Map<String, Object> props, ExampleQueue queue, RecordDecoder decoder,
            int highWater) {
        this.model = model;
        this.topic = Topics.train(model);
        this.props = props;
        this.queue = queue;
        this.decoder = decoder;
        this.highWater = highWater;
    }

    /** Starts polling from {@code positions}; partitions it does not name start at their beginning. */
    public void start(Map<Integer, Long> positions) {
        running = true;
        thread = new Thread(() -> run(positions), "streamtune-consumer-" + model);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Map<Integer, Long> positions) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props)) {
            consumer = c;
            Set<TopicPartition> assigned = new HashSet<>();
            if (!assignNew(c, assigned, positions)) {
                return;
            }
            long nextLag = 0;
            long nextRefresh = System.nanoTime() + REFRESH_EVERY_NANOS;
            while (running) {
                try {
                    ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
                    if (!records.isEmpty()) {
                        long now = System.nanoTime();
                        List<Incoming> batch = new ArrayList<>(records.count());
                        for (ConsumerRecord<byte[], byte[]> r : records) {
                            batch.add(decoder.decode(r, now));
                        }
                        queue.addAll(batch);
                    }
                    flowControl(c);
                    commitRequested(c);
                    long now = System.nanoTime();
                    if (now >= nextLag) {
                        endOffsets = ends(c, assigned);
                        nextLag = now + LAG_EVERY_NANOS;
                    }
                    if (now >= nextRefresh) {
                        assignNew(c, assigned, Map.of());
                        nextRefresh = now + REFRESH_EVERY_NANOS;
                    }
                } catch (WakeupException e) {
                    // close() wants us out
                } catch (KafkaException e) {
                    LOG.warnf("%s: consumer error (%s), retrying", model, e.toString());
                    sleep(1_000);
                }
            }
            if (!halted) {
                commitRequested(c);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: consumer thread ended", model);
        } finally {
            running = false;
            consumer = null;
        }
    }

    private void flowControl(KafkaConsumer<byte[], byte[]> c) {
        int size = queue.size();
        if (!paused && size >= highWater) {
            c.pause(c.assignment());
            paused = true;
            pauses++;
        } else if (paused && size <= highWater / 2) {
            c.resume(c.paused());
            paused = false;
        }
    }

    /** Assigns partitions not assigned yet (all of them the first time, waiting for the topic to exist). */
    private boolean assignNew(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned,
            Map<Integer, Long> positions) {
        List<PartitionInfo> infos = List.of();
        boolean warned = false;
        while (running) {
            infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                break;
            }
            if (!assigned.isEmpty()) {
                return true;
            }
            if (!warned) {
                LOG.infof("%s: waiting for topic %s to exist", model, topic);
                warned = true;
            }
            sleep(1_000);
        }
        if (!running) {
            return false;
        }
        Set<TopicPartition> fresh = new HashSet<>();
        for (PartitionInfo p : infos) {
            TopicPartition tp = new TopicPartition(topic, p.partition());
            if (!assigned.contains(tp)) {
                fresh.add(tp);
            }
        }
        if (fresh.isEmpty()) {
            return true;
        }
        assigned.addAll(fresh);
        c.assign(assigned);
        if (paused) {
            c.pause(fresh);
        }
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition tp : fresh) {
            Long at = positions.get(tp.partition());
            if (at == null) {
                fromStart.add(tp);
            } else {
                c.seek(tp, at);
            }
        }
        if (!fromStart.isEmpty()) {
            // never with an empty list: that means "every assigned partition" to the Kafka consumer
            c.seekToBeginning(fromStart);
        }
        LOG.infof("%s: consuming %s from %s (the checkpoint's positions; others from their beginning)", model,
                fresh, positions);
        return true;
    }

    private Map<Integer, Long> ends(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned) {
        try {
            Map<Integer, Long> out = new HashMap<>();
            c.endOffsets(assigned, Duration.ofSeconds(5)).forEach((tp, end) -> out.put(tp.partition(), end));
            return Map.copyOf(out);
        } catch (KafkaException e) {
            return endOffsets;
        }
    }

    private void commitRequested(KafkaConsumer<byte[], byte[]> c) {
        Map<Integer, Long> offsets = commitRequest.getAndSet(null);
        if (offsets == null || offsets.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((p, o) -> commit.put(new TopicPartition(topic, p), new OffsetAndMetadata(o)));
        try {
            try {
                c.commitSync(commit, Duration.ofSeconds(10));
            } catch (WakeupException e) {
                // close() woke the consumer after its last poll; the wake-up is spent now
                c.commitSync(commit, Duration.ofSeconds(10));
            }
        } catch (KafkaException e) {
            // lag monitoring only: the positions that matter are in the checkpoint
            LOG.warnf("%s: committing group offsets failed (%s); lag metrics may lag", model, e.toString());
        }
    }

    @Override
    public void commit(Map<Integer, Long> offsets) {
        commitRequest.set(Map.copyOf(offsets));
    }

    @Override
    public Map<Integer, Long> endOffsets() {
        return endOffsets;
    }

    @Override
    public boolean alive() {
        return running && thread != null && thread.isAlive();
    }

    /** Whether the partitions are paused now (the queue is full), and how often they were. */
    public boolean paused() {
        return paused;
    }

    public long pauses() {
        return pauses;
    }

    /** Stops polling; a pending offset commit is made first. */
    @Override
    public void close() {
        stop(false);
    }

    /** Stops polling at once, dropping a pending commit, as a crash would. */
    public void halt() {
        stop(true);
    }

    private void stop(boolean crash) {
        halted = crash;
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
