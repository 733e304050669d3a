package io.streamtune.evaluator.messaging;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.Topics;
import io.streamtune.evaluator.config.EvaluatorConfig;
import io.streamtune.evaluator.heldout.HeldoutExample;
import io.streamtune.evaluator.heldout.HeldoutStore;
import io.streamtune.evaluator.heldout.HeldoutStores;
import io.streamtune.evaluator.metrics.EvaluatorMeters;
import io.streamtune.evaluator.monitoring.PrequentialMonitor;
import io.streamtune.kit.kafka.DeadLetters;
import io.streamtune.kit.retry.Backoff;
import io.streamtune.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Every model's held-out topic into its {@link HeldoutStore}; unreadable records go to the DLQ. Every new arrival is
 * also queued for the {@link PrequentialMonitor} (when monitoring is on), which scores it in the background.
 */
@ApplicationScoped
public class HeldoutConsumer {

    private static final Logger LOG = Logger.getLogger(HeldoutConsumer.class);
    /** S3 away: wait as long as it takes, every 30 s at most. */
    private static final Backoff RESTORE = Backoff.forever(Duration.ofMillis(500), Duration.ofSeconds(30));

    private final HeldoutStores stores;
    private final DeadLetters deadLetters;
    private final EvaluatorMeters meters;
    private final Guard restore;
    private final Optional<PrequentialMonitor> monitor;

    public HeldoutConsumer(HeldoutStores stores, DeadLetters deadLetters, EvaluatorMeters meters,
            PrequentialMonitor monitor, EvaluatorConfig config) {
        this.monitor = config.monitoring().enabled() ? Optional.of(monitor) : Optional.empty();
        // one guard for every record (a record whose model's set is already open costs no S3 call)
        this.restore = RESTORE.guard("evaluator.restore-heldout", List.of(StorageException.class),
                e -> LOG.warnf("Cannot restore a held-out set from S3, retrying: %s", e.getMessage()));
        this.stores = stores;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    @Incoming(Channels.HELDOUT)
    @Blocking
    public void consume(ConsumerRecord<byte[], byte[]> record) {
        Optional<String> model = Topics.modelOf(record.topic());
        if (model.isEmpty()) {
            deadLetters.sendAndWait(record, "topic " + record.topic() + " is not a held-out topic", Channels.CONSUMER);
            return;
        }
        LabelledExample example;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("a held-out record needs a LabelledExample value, got none");
            }
            example = EventJson.read(record.value(), LabelledExample.class);
        } catch (IllegalArgumentException e) { // ContractViolationException is one
            deadLetter(record, model.get(), e.getMessage());
            return;
        }
        if (!model.get().equals(example.model())) {
            deadLetter(record, model.get(), "example " + example.id() + " is for model '" + example.model()
                    + "' but arrived on " + record.topic());
            return;
        }
        HeldoutStore store = storeOf(model.get());
        HeldoutStore.Outcome outcome = store.add(record.partition(), record.offset(), example);
        meters.heldoutRecord(model.get(), outcome.name().toLowerCase(java.util.Locale.ROOT));
        if (outcome != HeldoutStore.Outcome.ALREADY_CONSUMED && outcome != HeldoutStore.Outcome.DUPLICATE) {
            // every new arrival, sampled into the held-out set or not: queued, scored in the background
            monitor.ifPresent(m -> m.offer(model.get(), record.partition(), record.offset(), new HeldoutExample(
                    example.id(), example.text(), example.label(), example.eventTime(),
                    store.slices().sliceOf(example.eventTime()), example.source())));
        }
    }

    /** To the DLQ, and past it: the store's offsets cover it, so a restart does not read it again. */
    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String model, String reason) {
        deadLetters.sendAndWait(record, reason, Channels.CONSUMER);
        storeOf(model).skip(record.partition(), record.offset());
        meters.heldoutRecord(model, "dlq");
    }

    /** The store, retried while S3 is unreachable: skipping the record would lose it. */
    private HeldoutStore storeOf(String model) {
        HeldoutStore store = restore.get(() -> stores.store(model), HeldoutStore.class);
        meters.watch(store);
        return store;
    }
}
