package io.streamtune.evaluator.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.streamtune.contracts.Topics;
import io.streamtune.evaluator.heldout.HeldoutStore;
import io.streamtune.evaluator.heldout.HeldoutStores;
import io.streamtune.evaluator.metrics.EvaluatorMeters;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Positions the held-out consumer where each model's saved snapshot left off, not at the group's committed offsets:
 * what was consumed is exactly what the snapshot holds. Partitions the snapshot does not know start at the beginning.
 */
@ApplicationScoped
@Identifier(Channels.HELDOUT_REBALANCE)
public class HeldoutRebalanceListener implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(HeldoutRebalanceListener.class);

    private final HeldoutStores stores;
    private final EvaluatorMeters meters;

    public HeldoutRebalanceListener(HeldoutStores stores, EvaluatorMeters meters) {
        this.stores = stores;
        this.meters = meters;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            Optional<String> model = Topics.modelOf(tp.topic());
            Map<Integer, Long> offsets = Map.of();
            if (model.isPresent()) {
                try {
                    HeldoutStore store = stores.store(model.get());
                    meters.watch(store);
                    offsets = store.offsets();
                } catch (RuntimeException e) {
                    // records below the store's offsets are skipped once it is restored, so the beginning is safe
                    LOG.warnf("Cannot restore the held-out set of %s yet (%s); reading %s from the beginning",
                            model.get(), e.getMessage(), tp);
                }
            }
            Long next = offsets.get(tp.partition());
            if (next == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, next);
            }
            LOG.infof("Held-out partition %s assigned, reading from %s", tp, next == null ? "the beginning" : next);
        }
    }
}
