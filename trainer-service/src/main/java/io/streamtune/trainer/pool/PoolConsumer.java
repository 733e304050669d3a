package io.streamtune.trainer.pool;

import io.streamtune.contracts.Topics;
import io.streamtune.trainer.messaging.RecordDecoder;
import io.streamtune.training.ExampleQueue;
import io.streamtune.training.ExampleSource;
import io.streamtune.training.Incoming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The replica's one Kafka consumer, a member of the trainer pool's group, on a thread of its own. It subscribes to
 * the train topics by pattern (every model, or the replica's filter), so a model registered at runtime reaches the
 * pool at the next metadata refresh; {@link ModelAssignor} gives each model, all its partitions, to one member.
 *
 * <p>A model given to this replica starts paused; {@link Owner#assigned} opens it (restores its checkpoint) and then
 * {@link Feed#start} seeks its partitions to the checkpoint's positions, whatever the group committed. From then on
 * its records go to its queue, and its partitions pause while the queue is at its high-water mark and resume below
 * half of it, so however long a step takes the consumer keeps polling (and heartbeating). A model taken away is
 * ended before the callback returns, so the next owner starts after its final checkpoint ({@link Owner#revoked}).
 */
public final class PoolConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PoolConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long LAG_EVERY_NANOS = 2_000_000_000L;

    /** What the runtime does with the models the group gives and takes. Called on the consumer thread. */
    public interface Owner {
        /** The group gave this replica {@code model}: open it without blocking, then call {@link Feed#start}. */
        void assigned(String model, Feed feed);

        /**
         * The group took {@code model} away: end its loop before returning, with a final checkpoint unless
         * {@code lost} (the group already gave it to another member: this replica missed its session).
         */
        void revoked(String model, boolean lost);
    }

    private final Map<String, Object> props;
    private final Pattern topics;
    private final Owner owner;
    private final int highWater;
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Consumer<KafkaConsumer<byte[], byte[]>>> commands =
            new ConcurrentLinkedQueue<>();
    private volatile boolean running;
    private volatile boolean halted;
    private volatile boolean joined;
    private volatile long rebalances;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /**
     * @param props the consumer's properties, group id included; the assignor and the commit policy are set here
     * @param models the models this replica may train; empty: every model
     */
    public PoolConsumer(Map<String, Object> props, List<String> models, Owner owner, int highWater) {
        Map<String, Object> p = new HashMap<>(props);
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, ModelAssignor.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.props = Map.copyOf(p);
        this.topics = topicPattern(models);
        this.owner = owner;
        this.highWater = highWater;
    }

    /** Every model's train topic, or only those of the filter. */
    static Pattern topicPattern(List<String> models) {
        if (models.isEmpty()) {
            return Topics.TRAIN_PATTERN;
        }
        return Pattern.compile(models.stream().map(Topics::train).map(Pattern::quote)
                .collect(Collectors.joining("|")));
    }

    public void start() {
        running = true;
        thread = new Thread(this::run, "streamtune-pool-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        KafkaConsumer<byte[], byte[]> c = null;
        try {
            c = new KafkaConsumer<>(props);
            consumer = c;
            c.subscribe(topics, new Rebalance());
            long nextLag = 0;
            while (running) {
                try {
                    ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
                    if (!records.isEmpty()) {
                        dispatch(records);
                    }
                    Consumer<KafkaConsumer<byte[], byte[]>> command;
                    while ((command = commands.poll()) != null) {
                        command.accept(c);
                    }
                    for (Feed f : feeds.values()) {
                        f.flowControl(c);
                        f.commitRequested(c);
                    }
                    long now = System.nanoTime();
                    if (now >= nextLag) {
                        refreshEnds(c);
                        nextLag = now + LAG_EVERY_NANOS;
                    }
                } catch (WakeupException e) {
                    // close() wants us out
                } catch (KafkaException e) {
                    LOG.warnf("pool consumer error (%s), retrying", e.toString());
                    sleep(1_000);
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "pool consumer thread ended");
        } finally {
            running = false;
            if (c != null) {
                try {
                    // a graceful stop leaves the group (static member or not), revoking every model here, so the
                    // others take them over at once; a crash stays a member until its session runs out, or until
                    // it comes back under the same group.instance.id and gets its models again at once
                    c.close(halted ? CloseOptions.timeout(Duration.ZERO).withGroupMembershipOperation(
                            CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                            : CloseOptions.timeout(Duration.ofSeconds(30)).withGroupMembershipOperation(
                                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
                } catch (RuntimeException e) {
                    LOG.warnf("closing the pool consumer: %s", e.toString());
                }
            }
            consumer = null;
        }
    }

    private void dispatch(ConsumerRecords<byte[], byte[]> records) {
        long now = System.nanoTime();
        Map<Feed, List<Incoming>> byFeed = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            Feed f = feeds.get(r.topic());
            if (f != null && f.active) {
                byFeed.computeIfAbsent(f, k -> new ArrayList<>()).add(f.decoder.decode(r, now));
            }
            // else: a model not started yet (paused, sought at its start) or gone; its records are read again
        }
        byFeed.forEach(Feed::deliver);
    }

    private void refreshEnds(KafkaConsumer<byte[], byte[]> c) {
        Set<TopicPartition> assigned = c.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, Long> ends = c.endOffsets(assigned, Duration.ofSeconds(5));
            for (Feed f : feeds.values()) {
                Map<Integer, Long> out = new HashMap<>();
                ends.forEach((tp, end) -> {
                    if (tp.topic().equals(f.topic)) {
                        out.put(tp.partition(), end);
                    }
                });
                f.endOffsets = Map.copyOf(out);
            }
        } catch (KafkaException e) {
            // lag only: the last figures stay
        }
    }

    /** The group's callbacks, on the consumer thread inside poll. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            joined = true;
            rebalances++;
            KafkaConsumer<byte[], byte[]> c = consumer;
            for (Map.Entry<String, List<TopicPartition>> e : byTopic(partitions).entrySet()) {
                String model = Topics.modelOf(e.getKey()).orElse(null);
                if (model == null) {
                    continue;
                }
                Feed f = feeds.get(e.getKey());
                if (f == null) {
                    f = new Feed(model, e.getKey());
                    f.partitions.addAll(e.getValue());
                    c.pause(e.getValue());
                    feeds.put(e.getKey(), f);
                    LOG.infof("%s: given to this replica (%d partitions)", model, e.getValue().size());
                    owner.assigned(model, f);
                } else {
                    // partitions added to the topic of a model this replica has: new, so from their beginning
                    f.partitions.addAll(e.getValue());
                    if (f.active && !f.paused) {
                        c.seekToBeginning(e.getValue());
                    } else {
                        c.pause(e.getValue());
                    }
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            end(partitions, false);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            end(partitions, true);
        }

        private void end(Collection<TopicPartition> partitions, boolean lost) {
            rebalances++;
            if (halted) {
                return; // a crash ends nothing gracefully: the loops stopped where they were
            }
            for (String topic : byTopic(partitions).keySet()) {
                Feed f = feeds.remove(topic);
                if (f == null) {
                    continue;
                }
                f.active = false;
                LOG.infof("%s: %s", f.model, lost ? "lost (this replica missed its session; another has it)"
                        : "taken from this replica; ending it with a final checkpoint");
                try {
                    owner.revoked(f.model, lost);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "%s: ending the loop failed", f.model);
                }
                if (!lost && !halted) {
                    f.commitRequested(consumer); // the final checkpoint's offsets, while the partitions are ours
                }
            }
        }
    }

    private static Map<String, List<TopicPartition>> byTopic(Collection<TopicPartition> partitions) {
        Map<String, List<TopicPartition>> out = new HashMap<>();
        partitions.forEach(tp -> out.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp));
        return out;
    }

    /**
     * One model's share of the consumer: its queue once started, its end offsets (lag), its commit requests. The
     * training loop sees it as its {@link ExampleSource}.
     */
    public final class Feed implements ExampleSource {
        private final String model;
        private final String topic;
        private final Set<TopicPartition> partitions = new HashSet<>();
        private volatile List<Tap> taps = List.of();
        private volatile RecordDecoder decoder;
        private volatile boolean active;
        private volatile boolean paused;
        private volatile long pauses;
        private volatile Map<Integer, Long> endOffsets = Map.of();

        private Feed(String model, String topic) {
            this.model = model;
            this.topic = topic;
        }

        public String model() {
            return model;
        }

        /**
         * Starts delivering records into {@code queue} from {@code positions} (the checkpoint's; partitions it does
         * not name from their beginning). Any thread; done by the consumer thread at its next turn.
         */
        public void start(ExampleQueue queue, RecordDecoder decoder, Map<Integer, Long> positions) {
            Tap tap = new Tap(queue, positions);
            start(decoder, List.of(tap));
        }

        /** A tap for one of the model's variants: its queue, fed from its own checkpoint's positions on. */
        public Tap tap(ExampleQueue queue, Map<Integer, Long> positions) {
            return new Tap(queue, positions);
        }

        /**
         * Starts delivering the same records, in the same order, to every tap (the model's variants): the consumer
         * seeks each partition to the least of the taps' positions, and a tap gets the records from its own position
         * on, so a variant whose checkpoint is ahead of another's trains no record twice.
         */
        public void start(RecordDecoder decoder, List<Tap> all) {
            List<Tap> started = List.copyOf(all);
            commands.add(c -> {
                if (feeds.get(topic) != this) {
                    return; // taken away meanwhile
                }
                this.taps = started;
                this.decoder = decoder;
                List<TopicPartition> fromStart = new ArrayList<>();
                for (TopicPartition tp : partitions) {
                    long at = started.stream().mapToLong(t -> t.floor(tp.partition())).min().orElse(0L);
                    if (at == 0L) {
                        fromStart.add(tp);
                    } else {
                        c.seek(tp, at);
                    }
                }
                if (!fromStart.isEmpty()) {
                    c.seekToBeginning(fromStart); // never an empty list: that means every assigned partition
                }
                active = true;
                paused = false;
                c.resume(partitions);
                LOG.infof("%s: consuming %s for %d variant(s) from %s (the checkpoints' positions; others from "
                        + "their beginning)", model, partitions.stream().map(TopicPartition::partition).sorted()
                        .toList(), started.size(), started.stream().map(t -> t.floors).toList());
            });
        }

        private void deliver(List<Incoming> batch) {
            for (Tap tap : taps) {
                List<Incoming> mine = new ArrayList<>(batch.size());
                for (Incoming in : batch) {
                    if (in.offset() >= tap.floor(in.partition())) {
                        mine.add(in);
                    }
                }
                if (!mine.isEmpty()) {
                    tap.queue.addAll(mine);
                }
            }
        }

        /** The slowest variant's queue paces the consumer: no variant's queue grows past the high-water mark. */
        private void flowControl(KafkaConsumer<byte[], byte[]> c) {
            if (!active) {
                return;
            }
            int size = taps.stream().mapToInt(t -> t.queue.size()).max().orElse(0);
            if (!paused && size >= highWater) {
                c.pause(partitions);
                paused = true;
                pauses++;
            } else if (paused && size <= highWater / 2) {
                c.resume(partitions);
                paused = false;
            }
        }

        private void commitRequested(KafkaConsumer<byte[], byte[]> c) {
            Map<Integer, Long> offsets = requested();
            if (c == null || offsets.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            offsets.forEach((p, o) -> commit.put(new TopicPartition(topic, p), new OffsetAndMetadata(o)));
            try {
                c.commitSync(commit, Duration.ofSeconds(10));
            } catch (KafkaException e) {
                // lag monitoring only (a model resumes at its checkpoint's positions); a commit after a hand-over
                // is refused by the group, as it should be
                LOG.debugf("%s: committing group offsets failed (%s)", model, e.toString());
            }
        }

        /**
         * What the group's offsets should say now: per partition the least of the variants' checkpointed positions
         * (the lag is the slowest variant's), once every variant asked; empty when nothing new was asked.
         */
        private Map<Integer, Long> requested() {
            List<Tap> all = taps;
            boolean fresh = false;
            for (Tap t : all) {
                fresh |= t.fresh.getAndSet(false);
            }
            if (!fresh || all.isEmpty() || all.stream().anyMatch(t -> t.committed == null)) {
                return Map.of();
            }
            Map<Integer, Long> min = new HashMap<>(all.get(0).committed);
            for (Tap t : all.subList(1, all.size())) {
                min.keySet().retainAll(t.committed.keySet());
                min.replaceAll((p, o) -> Math.min(o, t.committed.get(p)));
            }
            return min;
        }

        /** The single-variant form: commits through the feed's only tap. */
        @Override
        public void commit(Map<Integer, Long> offsets) {
            List<Tap> all = taps;
            if (!all.isEmpty()) {
                all.get(0).commit(offsets);
            }
        }

        @Override
        public Map<Integer, Long> endOffsets() {
            return endOffsets;
        }

        @Override
        public boolean alive() {
            return PoolConsumer.this.alive() && feeds.get(topic) == this;
        }

        /** Whether the partitions are paused now (the queue is full), and how often they were. */
        public boolean paused() {
            return paused;
        }

        public long pauses() {
            return pauses;
        }

        /** One variant's share of the feed: its queue, its positions, its commit requests. */
        public final class Tap implements ExampleSource {
            private final ExampleQueue queue;
            private final Map<Integer, Long> floors;
            private final java.util.concurrent.atomic.AtomicBoolean fresh =
                    new java.util.concurrent.atomic.AtomicBoolean();
            private volatile Map<Integer, Long> committed;

            private Tap(ExampleQueue queue, Map<Integer, Long> positions) {
                this.queue = queue;
                this.floors = Map.copyOf(positions);
            }

            long floor(int partition) {
                return floors.getOrDefault(partition, 0L);
            }

            @Override
            public void commit(Map<Integer, Long> offsets) {
                committed = Map.copyOf(offsets);
                fresh.set(true);
            }

            @Override
            public Map<Integer, Long> endOffsets() {
                return Feed.this.endOffsets();
            }

            @Override
            public boolean alive() {
                return Feed.this.alive();
            }
        }
    }

    /** The models the group gave this replica now. */
    public Set<String> models() {
        return feeds.values().stream().map(f -> f.model).collect(Collectors.toSet());
    }

    /** Whether the consumer has been through a rebalance yet (it knows which models are its). */
    public boolean joined() {
        return joined;
    }

    /** Rebalance callbacks so far (assignments, revocations, losses). */
    public long rebalances() {
        return rebalances;
    }

    public boolean alive() {
        return running && thread != null && thread.isAlive();
    }

    /** Leaves the group: every model still here is revoked ({@link Owner#revoked}), then the consumer closes. */
    @Override
    public void close() {
        stop(false);
    }

    /** Stops at once, leaving the group by its session timeout as a crash would; pending commits are dropped. */
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
                thread.join(60_000);
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
