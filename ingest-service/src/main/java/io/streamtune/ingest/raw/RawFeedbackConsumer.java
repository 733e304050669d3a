package io.streamtune.ingest.raw;

import io.quarkus.runtime.StartupEvent;
import io.streamtune.contracts.HeldoutSplit;
import io.streamtune.ingest.config.IngestConfig;
import io.streamtune.ingest.examples.LabelBook;
import io.streamtune.ingest.messaging.ExampleRecords;
import io.streamtune.ingest.messaging.IngestClients;
import io.streamtune.ingest.messaging.IngestTopics;
import io.streamtune.ingest.messaging.ModelSpecCache;
import io.streamtune.ingest.metrics.IngestMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jboss.logging.Logger;

/**
 * Runs the {@link RawFeedbackLoop} on a thread of its own once the model specs are read: creates the raw topics and
 * the models' example topics, builds the transactional producer and the consumer, and after any error closes both
 * and starts again (the new consumer resumes at the committed offsets). Idle when no raw source is configured.
 */
@ApplicationScoped
public class RawFeedbackConsumer {

    private static final Logger LOG = Logger.getLogger(RawFeedbackConsumer.class);
    static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final IngestConfig.Raw config;
    private final IngestClients clients;
    private final IngestTopics ingestTopics;
    private final ModelSpecCache specs;
    private final IngestMetrics metrics;
    private final HeldoutSplit.Key splitKey;
    private final LabelBook labels;
    private final List<RawTopic> topics;
    private final String instanceId;
    private final RawFeedbackStatus status = new RawFeedbackStatus();
    private volatile boolean running = true;
    private volatile RawFeedbackLoop loop;
    private Thread thread;

    public RawFeedbackConsumer(IngestConfig config, IngestClients clients, IngestTopics ingestTopics,
            ModelSpecCache specs, IngestMetrics metrics, HeldoutSplit.Key splitKey, LabelBook labels) {
        this.config = config.raw();
        this.clients = clients;
        this.ingestTopics = ingestTopics;
        this.specs = specs;
        this.metrics = metrics;
        this.splitKey = splitKey;
        this.labels = labels;
        this.topics = RawTopic.configured(this.config.sources());
        this.instanceId = clients.instanceId();
    }

    void start(@Observes StartupEvent ev) {
        if (topics.isEmpty()) {
            status.state(RawFeedbackStatus.State.DISABLED);
            return;
        }
        topics.stream().map(RawTopic::model).distinct().forEach(m -> metrics.rawLag(m, status::lag));
        LOG.infof("Reading raw feedback from %s as %s (group %s)", topics.stream().map(RawTopic::topic).toList(),
                instanceId, config.groupId());
        thread = new Thread(this::supervise, "raw-feedback");
        thread.start();
    }

    private void supervise() {
        status.state(RawFeedbackStatus.State.WAITING_FOR_SPECS);
        while (running && !specs.caughtUp()) {
            sleep(Duration.ofMillis(100));
        }
        while (running) {
            try {
                runOnce();
            } catch (RuntimeException e) {
                status.failed(e);
                LOG.warnf("Raw feedback consumer failed, restarting in %s: %s", config.retryBackoff(), e.toString());
                sleep(config.retryBackoff());
            }
        }
        status.state(RawFeedbackStatus.State.STOPPED);
    }

    private void runOnce() {
        status.state(RawFeedbackStatus.State.STARTING);
        List<String> needed = new ArrayList<>(topics.stream().map(RawTopic::topic).toList());
        join(ingestTopics.ensureTopics(needed));
        topics.stream().map(RawTopic::model).distinct().forEach(m -> join(ingestTopics.ensureExampleTopics(m)));
        Map<String, Object> producerProps = clients.transactionalProducerProperties(instanceId);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps);
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clients.rawConsumerProperties(instanceId,
                        config.instanceId().isPresent()))) {
            loop = new RawFeedbackLoop(consumer, producer, topics, specs::find,
                    new RawRecordReader(ExampleRecords.maxRecordBytes(producerProps), splitKey,
                    labels), metrics, status, POLL_TIMEOUT);
            if (running) {
                loop.run();
            }
        }
    }

    public RawFeedbackStatus status() {
        return status;
    }

    public List<RawTopic> topics() {
        return topics;
    }

    @PreDestroy
    void stop() {
        running = false;
        RawFeedbackLoop l = loop;
        if (l != null) {
            l.stop();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(20).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void join(java.util.concurrent.CompletableFuture<Void> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not create the raw feedback topics: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("creating the raw feedback topics took over 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
