package io.streamtune.trainer;

import io.streamtune.contracts.ModelSpec;
import io.streamtune.kit.kafka.KafkaClients;
import io.streamtune.kit.kafka.ModelSpecTable;
import io.streamtune.kit.retry.Backoff;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.trainer.messaging.ExampleConsumer;
import io.streamtune.trainer.messaging.KafkaCheckpointAnnouncer;
import io.streamtune.trainer.messaging.KafkaDeadLetters;
import io.streamtune.trainer.messaging.RecordDecoder;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

/**
 * The trainer without the framework: for each configured model it waits for the spec, opens the loop on the
 * training thread (restoring the newest checkpoint), and starts the model's consumer at the checkpoint's positions.
 * The Quarkus lifecycle and the integration tests drive it the same way.
 */
public final class TrainerRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TrainerRuntime.class);
    /** Pauses between tries at opening a model: 2 s doubling to 10 s (the spec's own wait comes on top). */
    private static final Backoff REOPEN = Backoff.forever(Duration.ofSeconds(2), Duration.ofSeconds(10));

    private final TrainerOptions options;
    private final Map<String, Object> kafka;
    private final ArtifactStore store;
    private final LearnerFactory learners;
    private final TrainingListener listener;
    private final TrainingScheduler scheduler = new TrainingScheduler();
    private final Map<String, ModelTrainer> trainers = new ConcurrentHashMap<>();
    private final Map<String, ExampleConsumer> consumers = new ConcurrentHashMap<>();
    private final Map<String, String> errors = new ConcurrentHashMap<>();
    private final List<Thread> openers = new ArrayList<>();
    private Producer<byte[], byte[]> producer;
    private ModelSpecTable specs;
    private volatile boolean closing;

    /** A runtime on a broker without authentication (tests, the demo). */
    public TrainerRuntime(TrainerOptions options, String bootstrapServers, ArtifactStore store,
            LearnerFactory learners, TrainingListener listener) {
        this(options, KafkaClients.at(bootstrapServers), store, learners, listener);
    }

    /** @param kafka the common client properties of every client (brokers, security), see {@link KafkaClients} */
    public TrainerRuntime(TrainerOptions options, Map<String, Object> kafka, ArtifactStore store,
            LearnerFactory learners, TrainingListener listener) {
        this.options = options;
        this.kafka = Map.copyOf(kafka);
        this.store = store;
        this.learners = learners;
        this.listener = listener;
    }

    public synchronized void start() {
        producer = new KafkaProducer<>(KafkaClients.producer(kafka, "streamtune-trainer"));
        specs = new ModelSpecTable(kafka, "streamtune-trainer-specs", new ModelSpecTable.Listener() {
            @Override
            public void poison(ConsumerRecord<byte[], byte[]> record, String reason) {
                LOG.warnf("Ignoring an unreadable record at %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), reason);
            }
        }).start();
        scheduler.start();
        for (String model : options.models()) {
            Thread t = new Thread(() -> openUntilRunning(model), "streamtune-open-" + model);
            t.setDaemon(true);
            openers.add(t);
            t.start();
        }
    }

    /**
     * Waits for the spec, then opens the loop: a spec not published yet, an unreadable one, or a failure to open (S3 or
     * Kafka away) is tried again with back-off (the kit's {@link Backoff}) until it works or the runtime closes.
     */
    private void openUntilRunning(String model) {
        try {
            REOPEN.guard("trainer.open-model", List.of(NotOpenYet.class),
                    e -> LOG.infof("%s: %s; trying again", model, e.getMessage()))
                    .get(() -> openOnce(model), Boolean.class);
        } catch (RuntimeException e) {
            if (!closing) {
                LOG.errorf(e, "%s: gave up opening the model", model);
                errors.put(model, "opening failed: " + e);
            }
        }
    }

    /** One try: one read of the spec, then the loop opened on the training thread; false when closing. */
    private boolean openOnce(String model) {
        if (closing) {
            return false;
        }
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
            errors.put(model, "reading the spec failed: " + e.getMessage());
            throw new NotOpenYet("reading the spec failed (" + e + ")", e);
        }
        CompletableFuture<Void> opened = new CompletableFuture<>();
        ModelTrainer trainer = new ModelTrainer(spec, options, learners, store, new ExampleQueue(scheduler::wake),
                new KafkaDeadLetters(producer), new KafkaCheckpointAnnouncer(producer), listener);
        trainers.put(model, trainer);
        scheduler.submit(() -> open(model, spec, trainer, opened));
        try {
            opened.get();
            errors.remove(model);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            errors.put(model, "opening failed: " + e.getCause());
            trainers.remove(model);
            LOG.errorf(e.getCause(), "%s: could not open the model", model);
            throw new NotOpenYet("opening failed (" + e.getCause() + ")", e.getCause());
        }
    }

    /** A try at opening a model that may work later: the kit's back-off retries it. */
    private static final class NotOpenYet extends RuntimeException {
        NotOpenYet(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** On the training thread: restore or create the model, then start its consumer at the restored positions. */
    private void open(String model, ModelSpec spec, ModelTrainer trainer, CompletableFuture<Void> opened) {
        try {
            store.ensureBuckets();
            ExampleQueue queue = trainer.queue();
            Map<Integer, Long> positions = trainer.open();
            ExampleConsumer consumer = new ExampleConsumer(model, KafkaClients.consumer(kafka,
                    options.groupIdPrefix() + "-" + model, "streamtune-trainer-" + model), queue,
                    new RecordDecoder(spec), options.queueCapacity());
            consumers.put(model, consumer);
            trainer.attach(consumer);
            consumer.start(positions);
            scheduler.add(trainer);
            LOG.infof("%s: training with %s, settings %s", model, trainer.learner() == null ? "a learner made "
                    + "at the first batch" : trainer.learner().describe(), trainer.settings());
            opened.complete(null);
        } catch (Exception e) {
            trainer.close();
            opened.completeExceptionally(e);
        }
    }

    /** Every configured model's state, in configuration order. */
    public List<TrainerStatus> status() {
        List<TrainerStatus> out = new ArrayList<>();
        for (String model : options.models()) {
            ModelTrainer t = trainers.get(model);
            String error = errors.get(model);
            out.add(t != null ? t.status() : TrainerStatus.of(model, error == null
                    ? TrainerStatus.State.WAITING_FOR_SPEC : TrainerStatus.State.FAILED, error));
        }
        return out;
    }

    public Optional<TrainerStatus> status(String model) {
        return status().stream().filter(s -> s.model().equals(model)).findFirst();
    }

    /** Ready once every model's loop runs (its model loaded, its consumer started). */
    public boolean ready() {
        return status().stream().allMatch(s -> s.state() == TrainerStatus.State.RUNNING);
    }

    /** What liveness reports: the training thread turns, and no running model lost its consumer. */
    public Map<String, Object> liveness() {
        long since = scheduler.sinceHeartbeatNanos();
        boolean threadOk = since < options.livenessTimeout().toNanos();
        List<String> deadConsumers = new ArrayList<>();
        consumers.forEach((m, c) -> {
            if (!c.alive() && !closing) {
                deadConsumers.add(m);
            }
        });
        return Map.of("trainingThreadLive", threadOk, "secondsSinceHeartbeat",
                since == Long.MAX_VALUE ? -1 : since / 1e9, "deadConsumers", deadConsumers);
    }

    public boolean live() {
        Map<String, Object> l = liveness();
        return (Boolean) l.get("trainingThreadLive") && ((List<?>) l.get("deadConsumers")).isEmpty();
    }

    public TrainingScheduler scheduler() {
        return scheduler;
    }

    public Optional<ModelTrainer> trainer(String model) {
        return Optional.ofNullable(trainers.get(model));
    }

    public Optional<ExampleConsumer> consumer(String model) {
        return Optional.ofNullable(consumers.get(model));
    }

    /** Graceful: every model writes a final checkpoint (and commits its offsets), then everything closes. */
    public synchronized void stop(Duration timeout) {
        closing = true;
        openers.forEach(Thread::interrupt);
        scheduler.stop(timeout);
        consumers.values().forEach(ExampleConsumer::close);
        if (specs != null) {
            specs.close();
            specs = null;
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }

    /** Crash-like: no final checkpoint, no offset commit; what was trained since the last checkpoint is lost. */
    public synchronized void halt() {
        closing = true;
        openers.forEach(Thread::interrupt);
        scheduler.halt(Duration.ofSeconds(60));
        consumers.values().forEach(ExampleConsumer::halt);
        if (specs != null) {
            specs.close();
            specs = null;
        }
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(60));
    }
}
