package io.streamtune.trainer;

import io.streamtune.contracts.ModelSpec;
import io.streamtune.kit.kafka.KafkaClients;
import io.streamtune.kit.kafka.ModelSpecTable;
import io.streamtune.kit.retry.Backoff;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.trainer.messaging.KafkaCheckpointAnnouncer;
import io.streamtune.trainer.messaging.KafkaDeadLetters;
import io.streamtune.trainer.messaging.RecordDecoder;
import io.streamtune.trainer.pool.PoolConsumer;
import io.streamtune.training.ExampleQueue;
import io.streamtune.training.LearnerFactory;
import io.streamtune.training.ModelTrainer;
import io.streamtune.training.TrainerOptions;
import io.streamtune.training.TrainerStatus;
import io.streamtune.training.TrainingListener;
import io.streamtune.training.TrainingScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

/**
 * The trainer without the framework: a member of the trainer pool. Its {@link PoolConsumer} joins the pool's consumer
 * group; for each model the group gives it, it waits for the spec, opens the loop on the training thread (claiming the
 * model's checkpoint head and restoring the checkpoint it names) and starts the model's records at the checkpoint's
 * positions. A model the group takes away ends with a final checkpoint before another member gets it; a model it
 * lost (a missed session) ends at once, and the head fences whatever it still tries to write. The Quarkus lifecycle
 * and the integration tests drive it the same way.
 */
public final class TrainerRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TrainerRuntime.class);
    /** Pauses between tries at opening a model: 2 s doubling to 10 s (the spec's own wait comes on top). */
    private static final Backoff REOPEN = Backoff.forever(Duration.ofSeconds(2), Duration.ofSeconds(10));

    /**
     * How this replica takes part in the pool.
     *
     * @param instanceId its name in the checkpoint heads it claims
     * @param sessionTimeout silent this long, it loses its models to the others
     * @param topicDiscovery how often it looks for new train topics
     * @param shutdownTimeout how long a model taken away may take for its final checkpoint
     */
    public record Pool(String instanceId, Duration sessionTimeout, Duration topicDiscovery, Duration shutdownTimeout) {

        /** Kafka's defaults, but new models found within 10 s; named after the host and process. */
        public static Pool defaults() {
            return new Pool(ModelTrainer.defaultOwner(), Duration.ofSeconds(45), Duration.ofSeconds(10),
                    Duration.ofMinutes(2));
        }

        public Pool withInstanceId(String value) {
            return new Pool(value, sessionTimeout, topicDiscovery, shutdownTimeout);
        }

        public Pool withSessionTimeout(Duration value) {
            return new Pool(instanceId, value, topicDiscovery, shutdownTimeout);
        }
    }

    private final TrainerOptions options;
    private final Pool pool;
    private final Map<String, Object> kafka;
    private final ArtifactStore store;
    private final LearnerFactory learners;
    private final TrainingListener listener;
    private final TrainingScheduler scheduler = new TrainingScheduler();
    private final Map<String, Owned> owned = new ConcurrentHashMap<>();
    private Producer<byte[], byte[]> producer;
    private ModelSpecTable specs;
    private io.streamtune.trainer.messaging.QuarantineFollower quarantines;
    private PoolConsumer consumer;
    private volatile boolean closing;

    /**
     * A runtime on a broker without authentication (tests, tools), with the pool's defaults but a 10 s session: a
     * runtime halted in a test hands its models on 10 s later, not 45.
     */
    public TrainerRuntime(TrainerOptions options, String bootstrapServers, ArtifactStore store,
            LearnerFactory learners, TrainingListener listener) {
        this(options, Pool.defaults().withSessionTimeout(Duration.ofSeconds(10)), KafkaClients.at(bootstrapServers),
                store, learners, listener);
    }

    /** @param kafka the common client properties of every client (brokers, security), see {@link KafkaClients} */
    public TrainerRuntime(TrainerOptions options, Pool pool, Map<String, Object> kafka, ArtifactStore store,
            LearnerFactory learners, TrainingListener listener) {
        this.options = options;
        this.pool = pool;
        this.kafka = Map.copyOf(kafka);
        this.store = store;
        this.learners = learners;
        this.listener = listener;
    }

    /** One model given to this replica: its feed, the thread opening it, its variants' loops once open. */
    private static final class Owned {
        final String model;
        final PoolConsumer.Feed feed;
        volatile Thread opener;
        /** The primary variant's loop. */
        volatile ModelTrainer trainer;
        /** Every variant's loop, the primary's first. */
        volatile List<ModelTrainer> trainers = List.of();
        volatile String error;
        volatile boolean released;

        Owned(String model, PoolConsumer.Feed feed) {
            this.model = model;
            this.feed = feed;
        }
    }

    public synchronized void start() {
        producer = new KafkaProducer<>(KafkaClients.producer(kafka, "streamtune-trainer-" + pool.instanceId()));
        specs = new ModelSpecTable(kafka, "streamtune-trainer-specs", new ModelSpecTable.Listener() {
            @Override
            public void poison(ConsumerRecord<byte[], byte[]> record, String reason) {
                LOG.warnf("Ignoring an unreadable record at %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), reason);
            }
        }).start();
        quarantines = new io.streamtune.trainer.messaging.QuarantineFollower(kafka,
                "streamtune-trainer-quarantines-" + pool.instanceId(), new io.streamtune.training.QuarantineTable())
                .start();
        scheduler.start();
        Map<String, Object> props = new java.util.HashMap<>(KafkaClients.consumer(kafka, options.groupId(),
                "streamtune-trainer-" + pool.instanceId()));
        // a static member: a replica restarted under the same name (a container restart keeps the pod's) is back in
        // the group with its models at once, not after the session timeout
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, pool.instanceId());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) pool.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                (int) Math.max(500, pool.sessionTimeout().toMillis() / 5));
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) pool.topicDiscovery().toMillis());
        // a model taken away may hold the consumer thread in its callback for its final checkpoint
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                (int) Math.max(300_000, pool.shutdownTimeout().toMillis() + 60_000));
        consumer = new PoolConsumer(props, options.models(), new PoolConsumer.Owner() {
            @Override
            public void assigned(String model, PoolConsumer.Feed feed) {
                TrainerRuntime.this.assigned(model, feed);
            }

            @Override
            public void revoked(String model, boolean lost) {
                TrainerRuntime.this.revoked(model, lost);
            }
        }, options.queueCapacity());
        consumer.start();
        LOG.infof("trainer %s joining pool group %s for %s", pool.instanceId(), options.groupId(),
                options.models().isEmpty() ? "every model" : "models " + options.models());
    }

    private void assigned(String model, PoolConsumer.Feed feed) {
        Owned o = new Owned(model, feed);
        owned.put(model, o);
        Thread t = new Thread(() -> openUntilRunning(o), "streamtune-open-" + model);
        t.setDaemon(true);
        o.opener = t;
        t.start();
    }

    /**
     * Ends a model's loop on the training thread, between two turns: with a final checkpoint (announced, offsets
     * committed) when the group took it away, at once when it was lost. Blocks the consumer thread meanwhile, so the
     * group hands the model on only after its final checkpoint.
     */
    private void revoked(String model, boolean lost) {
        Owned o = owned.remove(model);
        if (o == null) {
            return;
        }
        o.released = true;
        Thread opener = o.opener;
        if (opener != null) {
            opener.interrupt();
        }
        CompletableFuture<Void> ended = scheduler.endAll(() -> o.trainers, !lost && !closing);
        try {
            ended.get(pool.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("%s: ended here (%s)", model, lost ? "lost" : "handed over after its final checkpoint");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.errorf("%s: ending the loop failed or timed out (%s); the next owner resumes from the last visible "
                    + "checkpoint", model, e.toString());
        }
    }

    /**
     * Waits for the spec, then opens the loop: a spec not published yet, an unreadable one, or a failure to open (S3 or
     * Kafka away) is tried again with back-off (the kit's {@link Backoff}) until it works, the model is taken away, or
     * the runtime closes.
     */
    private void openUntilRunning(Owned o) {
        try {
            REOPEN.guard("trainer.open-model", List.of(NotOpenYet.class),
                    e -> LOG.infof("%s: %s; trying again", o.model, e.getMessage()))
                    .get(() -> openOnce(o), Boolean.class);
        } catch (RuntimeException e) {
            if (!closing && !o.released) {
                LOG.errorf(e, "%s: gave up opening the model", o.model);
                o.error = "opening failed: " + e;
            }
        }
    }

    /** One try: one read of the spec, then the loop opened on the training thread; false when given up. */
    private boolean openOnce(Owned o) {
        if (closing || o.released) {
            return false;
        }
        String model = o.model;
        ModelSpec spec;
        try {
            spec = specs.await(model, options.specTimeout())
                    .orElseThrow(() -> new NotOpenYet("no spec on streamtune.models yet", null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (NotOpenYet e) {
            throw e;
        } catch (RuntimeException e) {
            o.error = "reading the spec failed: " + e.getMessage();
            throw new NotOpenYet("reading the spec failed (" + e + ")", e);
        }
        try {
            // every quarantine on the topic is known before the model trains a record
            if (!quarantines.awaitCaughtUp(options.specTimeout())) {
                throw new NotOpenYet(io.streamtune.contracts.Topics.QUARANTINES + " not read up to its end yet", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        createQuarantineTopic(model);
        CompletableFuture<Void> opened = new CompletableFuture<>();
        List<ModelTrainer> trainers = new ArrayList<>();
        for (io.streamtune.contracts.Variant variant : spec.allVariants()) {
            ModelTrainer trainer = new ModelTrainer(spec, variant, options, learnersFor(variant), store,
                    new ExampleQueue(scheduler::wake), new KafkaDeadLetters(producer),
                    new KafkaCheckpointAnnouncer(producer), listener, pool.instanceId());
            trainer.gate(quarantines.table());
            trainers.add(trainer);
        }
        scheduler.submit(() -> open(o, spec, trainers, opened));
        try {
            opened.get();
            o.error = null;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            o.error = "opening failed: " + e.getCause();
            LOG.errorf(e.getCause(), "%s: could not open the model", model);
            throw new NotOpenYet("opening failed (" + e.getCause() + ")", e.getCause());
        }
    }

    /**
     * {@code streamtune.<model>.quarantine}, where the model's quarantined examples are kept, unless it exists; a
     * failure is logged (the first quarantined example's send then fails the checkpoint until it exists).
     */
    private void createQuarantineTopic(String model) {
        String topic = io.streamtune.contracts.Topics.quarantine(model);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(kafka)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, Optional.of(1),
                    Optional.empty()))).all().get(30, TimeUnit.SECONDS);
            LOG.infof("%s: created %s", model, topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                LOG.warnf("%s: cannot create %s: %s", model, topic, e.getCause().toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | RuntimeException e) {
            LOG.warnf("%s: cannot create %s: %s", model, topic, e.toString());
        }
    }

    /** A try at opening a model that may work later: the kit's back-off retries it. */
    private static final class NotOpenYet extends RuntimeException {
        NotOpenYet(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * On the training thread: claim the head, restore or create the model, then start its records at the restored
     * positions. A model taken away meanwhile is not started (its end runs after this, on the same thread).
     */
    private void open(Owned o, ModelSpec spec, List<ModelTrainer> trainers, CompletableFuture<Void> opened) {
        if (o.released) {
            trainers.forEach(ModelTrainer::close);
            opened.complete(null);
            return;
        }
        try {
            store.ensureBuckets();
            List<PoolConsumer.Feed.Tap> taps = new ArrayList<>();
            for (ModelTrainer trainer : trainers) {
                Map<Integer, Long> positions = trainer.open();
                PoolConsumer.Feed.Tap tap = o.feed.tap(trainer.queue(), positions);
                trainer.attach(tap);
                taps.add(tap);
            }
            o.trainer = trainers.get(0);
            o.trainers = List.copyOf(trainers);
            o.feed.start(new RecordDecoder(spec), taps);
            for (ModelTrainer trainer : trainers) {
                scheduler.add(trainer);
                LOG.infof("%s: training with %s, settings %s", trainer.model(), trainer.learner() == null
                        ? "a learner made at the first batch" : trainer.learner().describe(), trainer.settings());
            }
            opened.complete(null);
        } catch (Exception e) {
            trainers.forEach(ModelTrainer::close);
            opened.completeExceptionally(e);
        }
    }

    /**
     * The learners of a variant's family: the linear family's own; for the transformer, the configured ones, with a
     * linear half of the variant's linear settings where its training settings weigh one.
     */
    private LearnerFactory learnersFor(io.streamtune.contracts.Variant variant) {
        return variant.family() == io.streamtune.contracts.ModelFamily.LINEAR
                ? new io.streamtune.training.linear.LinearLearnerFactory(variant.linear())
                : new io.streamtune.training.linear.BlendedLearnerFactory(learners, variant.linear());
    }

    /** The state of every model this replica owns now, by name: each variant's loop, the primary's first. */
    public List<TrainerStatus> status() {
        List<TrainerStatus> out = new ArrayList<>();
        for (String model : new java.util.TreeSet<>(owned.keySet())) {
            Owned o = owned.get(model);
            if (o != null && !o.trainers.isEmpty()) {
                o.trainers.forEach(t -> out.add(t.status()));
            } else {
                status(model).ifPresent(out::add);
            }
        }
        return out;
    }

    /** A model's state (its primary variant's), if this replica owns it. */
    public Optional<TrainerStatus> status(String model) {
        Owned o = owned.get(model);
        if (o == null) {
            return Optional.empty();
        }
        ModelTrainer t = o.trainer;
        String error = o.error;
        return Optional.of(t != null ? t.status() : TrainerStatus.of(model, error == null
                ? TrainerStatus.State.WAITING_FOR_SPEC : TrainerStatus.State.FAILED, error));
    }

    /** Every variant's loop of a model this replica owns, the primary's first; empty before it opened. */
    public List<ModelTrainer> trainers(String model) {
        Owned o = owned.get(model);
        return o == null ? List.of() : o.trainers;
    }

    /** The models the pool gave this replica, by name. */
    public List<String> models() {
        return new java.util.TreeSet<>(owned.keySet()).stream().toList();
    }

    /** Ready once it is in the pool (the group gave it its share, maybe none) and every model it owns runs. */
    public boolean ready() {
        PoolConsumer c = consumer;
        return c != null && c.alive() && c.joined()
                && status().stream().allMatch(s -> s.state() == TrainerStatus.State.RUNNING);
    }

    /** What liveness reports: the training thread turns, and the pool consumer runs. */
    public Map<String, Object> liveness() {
        long since = scheduler.sinceHeartbeatNanos();
        boolean threadOk = since < options.livenessTimeout().toNanos();
        PoolConsumer c = consumer;
        boolean consumerOk = closing || c == null || c.alive();
        return Map.of("trainingThreadLive", threadOk, "secondsSinceHeartbeat",
                since == Long.MAX_VALUE ? -1 : since / 1e9, "poolConsumerLive", consumerOk, "models", models());
    }

    public boolean live() {
        Map<String, Object> l = liveness();
        return (Boolean) l.get("trainingThreadLive") && (Boolean) l.get("poolConsumerLive");
    }

    public TrainingScheduler scheduler() {
        return scheduler;
    }

    public Pool pool() {
        return pool;
    }

    public Optional<ModelTrainer> trainer(String model) {
        Owned o = owned.get(model);
        return o == null ? Optional.empty() : Optional.ofNullable(o.trainer);
    }

    /** The model's share of the pool consumer, while this replica owns it. */
    public Optional<PoolConsumer.Feed> feed(String model) {
        Owned o = owned.get(model);
        return o == null ? Optional.empty() : Optional.of(o.feed);
    }

    /**
     * Graceful: every model writes a final checkpoint (and commits its offsets), then the replica leaves the pool
     * and the others take its models over from those checkpoints.
     */
    public synchronized void stop(Duration timeout) {
        closing = true;
        owned.values().forEach(o -> {
            Thread t = o.opener;
            if (t != null) {
                t.interrupt();
            }
        });
        scheduler.stop(timeout);
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
        closeClients(Duration.ofSeconds(10));
    }

    /** Crash-like: no final checkpoint, no offset commit; what was trained since the last checkpoint is lost. */
    public synchronized void halt() {
        closing = true;
        owned.values().forEach(o -> {
            Thread t = o.opener;
            if (t != null) {
                t.interrupt();
            }
        });
        scheduler.halt(Duration.ofSeconds(60));
        if (consumer != null) {
            consumer.halt();
            consumer = null;
        }
        closeClients(Duration.ZERO);
    }

    private void closeClients(Duration producerTimeout) {
        if (quarantines != null) {
            quarantines.close();
        }
        if (specs != null) {
            specs.close();
            specs = null;
        }
        if (producer != null) {
            producer.close(producerTimeout);
            producer = null;
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(60));
    }
}
